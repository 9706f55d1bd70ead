import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { BatonError } from '../errors.js';
import { checkoutRemote, validGitUrl } from './git-remote.js';
import type { RepoRole } from './scan-result.js';

export const CONFIG_FILE = 'baton.config.json';
const ROLES: readonly RepoRole[] = ['frontend', 'backend', 'fullstack', 'db'];

export interface RepoTarget {
  name: string;
  /** Absolute path of the repo root. */
  root: string;
  role?: RepoRole;
}

export interface ScanTargets {
  project: string;
  repos: RepoTarget[];
  maxFileBytes?: number;
  /** Hosts (`api.example.com`, `api.example.com:8443`) the project's own API is served from. */
  apiHosts: string[];
  /** The lowest severity a recorded scan opens tickets for (`tickets.auto`; default `error`). */
  autoTickets?: AutoTickets;
}

export type AutoTickets = 'error' | 'warning' | 'info' | 'off';
const AUTO_TICKETS: readonly AutoTickets[] = ['error', 'warning', 'info', 'off'];

/**
 * Which repos a scan reads: the paths given (each a repo, or a folder with a baton.config.json listing its
 * repos), else the config in `cwd`, else `cwd` itself.
 */
export function scanTargets(paths: readonly string[], cwd: string): ScanTargets {
  const roots = paths.length > 0 ? paths : [cwd];
  let project: string | undefined;
  let maxFileBytes: number | undefined;
  let autoTickets: AutoTickets | undefined;
  const apiHosts: string[] = [];
  const repos: RepoTarget[] = [];
  for (const given of roots) {
    const root = resolve(cwd, given);
    if (!existsSync(root)) throw new BatonError('path-not-found', `${given}: no such file or directory`);
    if (!statSync(root).isDirectory()) throw new BatonError('not-a-directory', `${given}: not a directory`);
    const config = readConfig(root);
    if (config?.repos) {
      project ??= config.project;
      maxFileBytes ??= config.maxFileBytes;
      autoTickets ??= config.tickets?.auto;
      apiHosts.push(...hostsOf(config.apiOrigins));
      for (const repo of config.repos) {
        const repoRoot =
          repo.url !== undefined
            ? checkoutRemote(
                repo.url,
                repo.ref,
                join(root, '.baton', 'repos'),
                repo.name ?? repoName(repo.url),
              )
            : resolve(root, repo.path as string);
        if (!existsSync(repoRoot) || !statSync(repoRoot).isDirectory())
          throw new BatonError(
            'invalid-config',
            `${join(given, CONFIG_FILE)}: repo path "${repo.path}" is not a directory`,
          );
        repos.push({
          name: repo.name ?? (repo.url ? repoName(repo.url) : basename(repoRoot)),
          root: repoRoot,
          ...(repo.role ? { role: repo.role } : {}),
        });
      }
    } else {
      project ??= config?.project;
      maxFileBytes ??= config?.maxFileBytes;
      autoTickets ??= config?.tickets?.auto;
      apiHosts.push(...hostsOf(config?.apiOrigins));
      repos.push({ name: basename(root), root });
    }
  }
  uniqueNames(repos);
  return {
    project: project ?? basename(resolve(cwd, roots[0] as string)),
    repos,
    ...(maxFileBytes === undefined ? {} : { maxFileBytes }),
    apiHosts,
    ...(autoTickets ? { autoTickets } : {}),
  };
}

interface ConfigFile {
  project?: string;
  /** A local `path`, or a git `url` (with an optional `ref`: a branch, tag or commit) fetched into .baton/repos. */
  repos?: { name?: string; path?: string; url?: string; ref?: string; role?: RepoRole }[];
  maxFileBytes?: number;
  apiOrigins?: string[];
  tickets?: { auto?: AutoTickets };
}

function readConfig(root: string): ConfigFile | undefined {
  const file = join(root, CONFIG_FILE);
  if (!existsSync(file)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new BatonError('invalid-config', `${file}: invalid JSON (${(error as Error).message})`, {
      cause: error,
    });
  }
  return validateConfig(file, json);
}

function validateConfig(file: string, json: unknown): ConfigFile {
  const fail = (field: string, expected: string): never => {
    throw new BatonError('invalid-config', `${file}: "${field}" must be ${expected}`);
  };
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return fail('(root)', 'an object');
  const raw = json as Record<string, unknown>;
  const config: ConfigFile = {};
  if (raw.project !== undefined) {
    if (typeof raw.project !== 'string' || raw.project.trim() === '') fail('project', 'a non-empty string');
    config.project = raw.project as string;
  }
  if (raw.maxFileBytes !== undefined) {
    if (typeof raw.maxFileBytes !== 'number' || !Number.isInteger(raw.maxFileBytes) || raw.maxFileBytes <= 0)
      fail('maxFileBytes', 'a positive integer (bytes)');
    config.maxFileBytes = raw.maxFileBytes as number;
  }
  if (raw.apiOrigins !== undefined) {
    if (
      !Array.isArray(raw.apiOrigins) ||
      raw.apiOrigins.some((o) => typeof o !== 'string' || !/^https?:\/\/[^/]+\/?$/i.test(o))
    )
      fail('apiOrigins', 'an array of origins like "https://api.example.com"');
    config.apiOrigins = raw.apiOrigins as string[];
  }
  if (raw.tickets !== undefined) {
    const tickets = raw.tickets as Record<string, unknown> | null;
    if (typeof tickets !== 'object' || tickets === null || Array.isArray(tickets))
      fail('tickets', 'an object like { "auto": "error" }');
    else if (tickets.auto !== undefined && !AUTO_TICKETS.includes(tickets.auto as AutoTickets))
      fail('tickets.auto', `one of ${AUTO_TICKETS.join(', ')}`);
    else config.tickets = tickets.auto === undefined ? {} : { auto: tickets.auto as AutoTickets };
  }
  if (raw.repos !== undefined) {
    if (!Array.isArray(raw.repos)) return fail('repos', 'an array of { name?, path or url, ref?, role? }');
    config.repos = raw.repos.map((entry, i) => {
      if (typeof entry !== 'object' || entry === null) return fail(`repos[${i}]`, 'an object');
      const repo = entry as Record<string, unknown>;
      if (repo.url !== undefined) {
        const problem = typeof repo.url === 'string' ? validGitUrl(repo.url) : 'a string';
        if (problem) fail(`repos[${i}].url`, problem);
        if (repo.path !== undefined) fail(`repos[${i}]`, 'either a path or a url, not both');
        // Never a leading dash: git would read the ref as an option.
        if (repo.ref !== undefined && (typeof repo.ref !== 'string' || !/^\w[\w./-]{0,199}$/.test(repo.ref)))
          fail(`repos[${i}].ref`, 'a branch, tag or commit');
      } else if (typeof repo.path !== 'string' || repo.path === '')
        fail(`repos[${i}].path`, 'a non-empty string (or a git url)');
      if (repo.name !== undefined && typeof repo.name !== 'string') fail(`repos[${i}].name`, 'a string');
      if (repo.role !== undefined && !ROLES.includes(repo.role as RepoRole))
        fail(`repos[${i}].role`, `one of ${ROLES.join(', ')}`);
      return {
        ...(repo.url !== undefined ? { url: repo.url as string } : { path: repo.path as string }),
        ...(repo.ref ? { ref: repo.ref as string } : {}),
        ...(repo.name ? { name: repo.name as string } : {}),
        ...(repo.role ? { role: repo.role as RepoRole } : {}),
      };
    });
  }
  return config;
}

function uniqueNames(repos: RepoTarget[]): void {
  const seen = new Map<string, number>();
  for (const repo of repos) {
    const count = (seen.get(repo.name) ?? 0) + 1;
    seen.set(repo.name, count);
    if (count > 1) repo.name = `${repo.name}-${count}`;
  }
}

function hostsOf(origins: string[] | undefined): string[] {
  return (origins ?? []).map((origin) =>
    origin
      .replace(/^https?:\/\//i, '')
      .replace(/\/$/, '')
      .toLowerCase(),
  );
}

/** `https://github.com/acme/shop-api.git` → `shop-api`. */
function repoName(url: string): string {
  return (
    url
      .replace(/\.git$/, '')
      .replace(/\/+$/, '')
      .split(/[/:]/)
      .pop() || 'repo'
  );
}
