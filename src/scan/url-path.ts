import type { Part } from './value.js';

/**
 * `crossOrigin`: the URL names an origin other than the page's (an env base, `http://…`); `host`: that
 * origin's host and port when they are written out (`localhost:5000`).
 */
export type UrlShape =
  | { path: string; query: string[]; crossOrigin?: true; host?: string }
  | { external: string }
  | { unresolved: string };

const LOCAL_HOSTS = /^(?:localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[::1\])(?::\d+)?$/i;
const HOLE = '\uE000';
const PAGE_ORIGIN = /^(?:(?:window|self|globalThis|document)\.)?location\.origin$|^origin$/;

/**
 * A client URL as a DESIGN §3 path template: no origin, no query, `{name}` for a runtime segment, `{*}` for a
 * runtime part of a segment. A leading runtime value or env var is the deployment's API origin, so it is
 * dropped; a URL we cannot place under `/` is unresolved, never guessed.
 */
/** `ownHosts`: origins the project's own API is served from (`baton.config.json` `apiOrigins`). */
export function clientPath(parts: Part[], ownHosts: ReadonlySet<string> = new Set()): UrlShape {
  const rest = [...parts];
  const first = rest[0];
  let crossOrigin = false;
  let literalHost: string | undefined;
  if (first && 'hole' in first) {
    crossOrigin = !PAGE_ORIGIN.test(first.hint ?? '');
    // A value known only at run time is the API origin when it is an env var or the page's own origin;
    // anything else (`${this.config.baseURL}`, a parameter) may be another service's base: not guessed.
    if (first.hole === 'dyn' && !PAGE_ORIGIN.test(first.hint ?? ''))
      return { unresolved: 'URL starts with a runtime value that may carry another host or prefix' };
    rest.shift();
    const next = rest[0];
    if (!next) return { unresolved: 'URL is a runtime value' };
    if (next && 'hole' in next) return { unresolved: 'URL is built from runtime values only' };
    if (
      next &&
      'text' in next &&
      !next.text.startsWith('/') &&
      !next.text.startsWith('?') &&
      next.text !== ''
    )
      return { unresolved: 'URL continues a runtime value without a `/`' };
  }
  const hints: (string | undefined)[] = [];
  let text = '';
  for (const part of rest) {
    if ('text' in part) text += part.text;
    else {
      hints.push(part.hint);
      text += `${HOLE}${hints.length - 1}${HOLE}`;
    }
  }
  const origin = /^(?:https?:)?\/\/([^/?#]*)/i.exec(text);
  if (origin) {
    const host = origin[1] as string;
    if (!host.includes(HOLE) && !LOCAL_HOSTS.test(host) && !ownHosts.has(host.toLowerCase()))
      return { external: host };
    text = text.slice(origin[0].length);
    crossOrigin = true;
    if (!host.includes(HOLE)) literalHost = host.toLowerCase();
  }
  if (text === '') text = '/';
  if (!text.startsWith('/')) {
    if (text.startsWith('?')) text = `/${text}`;
    else return { unresolved: 'relative URL' };
  }
  const hashAt = text.indexOf('#');
  if (hashAt >= 0) text = text.slice(0, hashAt);
  const queryAt = text.indexOf('?');
  const query = queryAt >= 0 ? queryNames(text.slice(queryAt + 1)) : [];
  const pathText = queryAt >= 0 ? text.slice(0, queryAt) : text;
  const segments = pathText.split('/').filter((segment) => segment.length > 0);
  // A hole that ends the path without a `/` before it (`/api${path}`) hides an unknown number of segments.
  const last = rest[rest.length - 1];
  if (last && 'hole' in last && queryAt < 0 && !pathText.endsWith('/') && segments.length > 0) {
    const tail = segments[segments.length - 1] as string;
    if (!isWholeHole(tail) && tail.endsWith(HOLE)) return { unresolved: 'URL ends in a runtime path suffix' };
  }
  const path = `/${segments.map((segment) => templateSegment(segment, hints)).join('/')}`;
  return {
    path,
    query,
    ...(crossOrigin ? { crossOrigin: true as const } : {}),
    ...(literalHost ? { host: literalHost } : {}),
  };
}

function isWholeHole(segment: string): boolean {
  return /^\uE000\d+\uE000$/.test(segment);
}

function templateSegment(segment: string, hints: (string | undefined)[]): string {
  if (!segment.includes(HOLE)) return segment;
  if (isWholeHole(segment)) {
    const hint = hints[Number(segment.slice(1, -1))];
    return hint && /^[A-Za-z_$][\w$]*$/.test(hint) ? `{${hint}}` : '{*}';
  }
  return '{*}';
}

function queryNames(query: string): string[] {
  const names = new Set<string>();
  for (const pair of query.split('&')) {
    const name = pair.split('=')[0] ?? '';
    if (name && !name.includes(HOLE)) names.add(decodeSafe(name));
  }
  return [...names];
}

function decodeSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** An Express/Fastify path (`/users/:id`, `*`) as a template (`/users/{id}`, `{*}`); undefined for regexes. */
export function routePath(parts: Part[]): string | undefined {
  let text = '';
  for (const part of parts) text += 'text' in part ? part.text : ':*';
  if (/[()[\]\\]/.test(text)) return undefined;
  const segments = text
    .split('/')
    .filter((segment) => segment.length > 0)
    .map((segment) => {
      if (segment === '*' || segment === ':*') return '{*}';
      if (segment.startsWith(':')) return `{${segment.slice(1).replace(/[?+*]$/, '')}}`;
      if (segment.includes('*') || segment.includes(':')) return '{*}';
      return segment;
    });
  return `/${segments.join('/')}`;
}

/** Joins a base and a path the way axios and fetch wrappers do: exactly one slash between. */
export function joinUrl(base: Part[], path: Part[]): Part[] {
  const first = path[0];
  if (first && 'text' in first && /^(?:https?:)?\/\//i.test(first.text)) return path;
  const joined = [...base];
  const last = joined[joined.length - 1];
  if (last && 'text' in last) joined[joined.length - 1] = { text: last.text.replace(/\/+$/, '') };
  if (first && 'text' in first)
    return [...joined, { text: `/${first.text.replace(/^\/+/, '')}` }, ...path.slice(1)];
  return [...joined, { text: '/' }, ...path];
}
