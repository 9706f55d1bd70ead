// Repos named by git URL in baton.config.json: fetched into a cache folder and checked out at a ref, then
// scanned like a local path. Only git runs (fetch and checkout; no hooks, nothing of the repo executed).
// Credentials never live in the config: a URL carrying a password is refused, and a token for HTTPS comes
// from $BATON_GIT_TOKEN, handed to git through its environment (not its argv, which `ps` shows).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { BatonError } from '../errors.js';

const GIT_TIMEOUT_MS = 5 * 60_000;

/** https://host/…, ssh://…, git@host:path, or file://… (a local mirror). */
export function validGitUrl(url: string): string | undefined {
  if (/^[a-z][\w+.-]*:\/\/[^/@]*:[^/@]*@/i.test(url))
    return 'a URL without a password (credentials in baton.config.json are stored in clear: use $BATON_GIT_TOKEN or a git credential helper)';
  if (/^(?:https:\/\/|ssh:\/\/|file:\/\/)[^\s]+$/i.test(url) || /^[\w.-]+@[\w.-]+:[^\s]+$/.test(url))
    return undefined;
  return 'a git URL: https://…, ssh://…, git@host:path or file://…';
}

/** Fetches `ref` (default: the remote's HEAD) of `url` into `cacheDir` and checks it out; returns the folder. */
export function checkoutRemote(url: string, ref: string | undefined, cacheDir: string, name: string): string {
  const dir = join(
    cacheDir,
    `${name.replace(/[^\w.-]/g, '_')}-${createHash('sha1').update(url).digest('hex').slice(0, 8)}`,
  );
  mkdirSync(cacheDir, { recursive: true });
  const git = (args: string[], cwd?: string) =>
    execFileSync('git', ['-c', 'core.hooksPath=/dev/null', '-c', 'advice.detachedHead=false', ...args], {
      cwd,
      env: gitEnv(url),
      timeout: GIT_TIMEOUT_MS,
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
    });
  try {
    if (!existsSync(join(dir, '.git'))) {
      git(['init', '-q', dir]);
      git(['remote', 'add', 'origin', url], dir);
    }
    // Shallow: only the tree being scanned travels.
    git(['fetch', '--quiet', '--depth', '1', '--no-tags', 'origin', ref ?? 'HEAD'], dir);
    git(['checkout', '--quiet', '--force', '--detach', 'FETCH_HEAD'], dir);
    git(['clean', '-q', '-fdx'], dir);
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? (error as Error).message).trim();
    throw new BatonError(
      'path-not-found',
      `${url}${ref ? ` at ${ref}` : ''}: git could not fetch it (${stderr.split('\n').pop()})`,
      { cause: error },
    );
  }
  return dir;
}

/** A token for HTTPS remotes as an extra header, through git's environment-only configuration. */
function gitEnv(url: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_TERMINAL_PROMPT: '0' };
  const token = process.env.BATON_GIT_TOKEN;
  if (token && /^https:\/\//i.test(url)) {
    const basic = Buffer.from(`x-access-token:${token}`).toString('base64');
    env.GIT_CONFIG_COUNT = '1';
    env.GIT_CONFIG_KEY_0 = 'http.extraHeader';
    env.GIT_CONFIG_VALUE_0 = `Authorization: Basic ${basic}`;
  }
  return env;
}
