import type { Command } from 'commander';
import pc from 'picocolors';
import { BatonError } from '../errors.js';
import { scan } from '../scan/scan.js';
import type { Endpoint } from '../scan/scan-result.js';
import { progressReporter } from './progress.js';
import { scanOptions, withScanOptions } from './scan-options.js';

export interface SmokeResult {
  method: string;
  path: string;
  url: string;
  status: number | 'error';
  verdict: 'ok' | 'missing' | 'failing' | 'unexpected-auth' | 'unreachable';
  note: string;
  source: Endpoint['source'];
}

const TIMEOUT_MS = 10_000;

/**
 * `baton smoke --base-url URL`: after a deploy, requests every endpoint of the extracted contract that is safe
 * to call — GET (or any-method routes, asked with GET) whose path parameters are all given with `--param` —
 * and reports routes that answer 404/405 (missing from the deploy), 5xx, or an auth result the code does not
 * explain. Exit 1 when a route is missing, failing or unreachable.
 */
export function smokeCommand(program: Command, setExit: (code: number) => void): void {
  withScanOptions(
    program
      .command('smoke')
      .description('request the safe endpoints of the extracted contract on a deployment'),
  )
    .requiredOption('--base-url <url>', 'where the backend is deployed (http://… or https://…)')
    .option('--token <token>', 'a bearer token for routes behind a guard')
    .option('--param <name=value...>', 'a value for a path parameter, e.g. --param id=42')
    .option('--json', 'print the results as JSON')
    .action(async (paths: string[], options: Record<string, unknown>) => {
      const base = baseUrl(String(options.baseUrl));
      const params = parseParams((options.param as string[] | undefined) ?? []);
      const progress = progressReporter(process.stderr);
      const result = await scan({ ...scanOptions(paths, options), onProgress: progress.update }).finally(
        progress.stop,
      );
      const token = typeof options.token === 'string' ? options.token : undefined;
      const results = await smoke(safeEndpoints(result.endpoints, params), base, params, token);
      if (options.json) process.stdout.write(`${JSON.stringify({ baseUrl: base, results }, null, 2)}\n`);
      else process.stdout.write(formatSmoke(results, Boolean(process.stdout.isTTY)));
      const bad = results.filter(
        (r) => r.verdict === 'missing' || r.verdict === 'failing' || r.verdict === 'unreachable',
      );
      setExit(bad.length > 0 ? 1 : 0);
    });
}

/** GET-able endpoints whose every path parameter has a value; each method and path once. */
export function safeEndpoints(
  endpoints: readonly Endpoint[],
  params: ReadonlyMap<string, string>,
): Endpoint[] {
  const seen = new Set<string>();
  return endpoints.filter((e) => {
    if (e.framework === 'trpc' || e.framework === 'openapi') return false;
    if (e.method !== 'GET' && e.method !== 'ANY' && e.method !== 'HEAD') return false;
    const names = [...e.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
    if (names.some((name) => !params.has(name))) return false;
    const key = e.path;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export async function smoke(
  endpoints: readonly Endpoint[],
  base: string,
  params: ReadonlyMap<string, string>,
  token: string | undefined,
): Promise<SmokeResult[]> {
  const results: SmokeResult[] = [];
  for (const endpoint of endpoints) {
    const path = endpoint.path.replace(/\{([^}]+)\}/g, (_m, name: string) =>
      encodeURIComponent(params.get(name) ?? ''),
    );
    const url = `${base}${path}`;
    const base_ = { method: 'GET', path: endpoint.path, url, source: endpoint.source };
    try {
      const response = await fetch(url, {
        method: 'GET',
        redirect: 'manual',
        headers: token ? { authorization: `Bearer ${token}` } : {},
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      await response.body?.cancel();
      results.push({
        ...base_,
        status: response.status,
        ...judge(endpoint, response.status, token !== undefined),
      });
    } catch (error) {
      results.push({ ...base_, status: 'error', verdict: 'unreachable', note: (error as Error).message });
    }
  }
  return results;
}

function judge(
  endpoint: Endpoint,
  status: number,
  withToken: boolean,
): Pick<SmokeResult, 'verdict' | 'note'> {
  if (status === 404 || status === 405)
    return { verdict: 'missing', note: 'the code has this route; the deployment does not' };
  if (status >= 500) return { verdict: 'failing', note: 'server error' };
  const denied = status === 401 || status === 403;
  if (endpoint.auth === 'required' && !withToken && !denied && status < 400)
    return { verdict: 'unexpected-auth', note: 'answered without credentials, though the code guards it' };
  if (endpoint.auth === 'none' && denied)
    return {
      verdict: 'unexpected-auth',
      note: 'asks for credentials the code does not check (a gateway or middleware we did not see?)',
    };
  return { verdict: 'ok', note: '' };
}

export function formatSmoke(results: readonly SmokeResult[], color: boolean): string {
  const c = pc.createColors(color);
  const mark = {
    ok: c.green('ok      '),
    missing: c.red('missing '),
    failing: c.red('failing '),
    'unexpected-auth': c.yellow('auth    '),
    unreachable: c.red('no reply'),
  };
  const lines = results.map(
    (r) =>
      `  ${mark[r.verdict]} ${String(r.status).padEnd(5)} ${r.method} ${r.path}${r.note ? c.dim(`  ${r.note}`) : ''}`,
  );
  const bad = results.filter((r) => r.verdict !== 'ok' && r.verdict !== 'unexpected-auth').length;
  lines.push(
    '',
    bad > 0
      ? c.red(`✗ ${bad} of ${results.length} route(s) missing, failing or unreachable`)
      : c.green(`✓ ${results.length} route(s) answered`),
  );
  return `${lines.join('\n')}\n`;
}

function baseUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new BatonError('invalid-argument', `--base-url: expected an http(s) URL, got "${text}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new BatonError('invalid-argument', `--base-url: expected an http(s) URL, got "${text}"`);
  return url.toString().replace(/\/$/, '');
}

function parseParams(list: readonly string[]): Map<string, string> {
  const params = new Map<string, string>();
  for (const item of list) {
    const at = item.indexOf('=');
    if (at <= 0) throw new BatonError('invalid-argument', `--param: expected name=value, got "${item}"`);
    params.set(item.slice(0, at), item.slice(at + 1));
  }
  return params;
}
