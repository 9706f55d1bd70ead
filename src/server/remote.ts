import { BatonError, type ErrorCode } from '../errors.js';
import { routeOf } from './routes.js';

/**
 * Calls a tool on a running `baton serve` through its REST route, as the `--server` CLI does. Errors come
 * back as the server's BatonErrors, so a remote conflict reads exactly like a local one.
 */
export async function callRemote(
  server: string,
  token: string,
  tool: string,
  input: Record<string, unknown>,
): Promise<unknown> {
  const route = routeOf(tool);
  if (!route) throw new BatonError('internal', `no REST route for ${tool}`);
  const { ticket, ...rest } = input;
  if (route.path.includes(':ticket') && ticket === undefined)
    throw new BatonError('invalid-argument', `${tool}: a ticket is required`);
  let url: URL;
  try {
    url = new URL(
      `api/v1${route.path.replace(':ticket', encodeURIComponent(String(ticket)))}`,
      server.endsWith('/') ? server : `${server}/`,
    );
  } catch {
    throw new BatonError('invalid-argument', `--server: "${server}" is not a URL like http://127.0.0.1:7420`);
  }
  const init: RequestInit = { method: route.method, headers: { authorization: `Bearer ${token}` } };
  const fields = route.path.includes(':ticket') ? rest : input;
  if (route.method === 'GET') {
    for (const [key, value] of Object.entries(fields))
      if (value !== undefined) url.searchParams.set(key, String(value));
  } else {
    init.body = JSON.stringify(fields);
    (init.headers as Record<string, string>)['content-type'] = 'application/json';
  }
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    throw new BatonError(
      'invalid-argument',
      `--server: cannot reach ${url.origin} (${(error as Error).message})`,
    );
  }
  const body = (await response.json().catch(() => undefined)) as
    | { error?: { code: ErrorCode; message: string } }
    | undefined;
  if (!response.ok) {
    const error = body?.error;
    throw new BatonError(
      error?.code ?? 'internal',
      error?.message ?? `${url.origin} answered ${response.status}`,
    );
  }
  return body;
}
