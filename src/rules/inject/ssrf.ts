/**
 * Server-side requests to a URL the client chose — https://owasp.org/Top10/A10_2021-Server-Side_Request_Forgery_%28SSRF%29/
 * `fetch`, axios, got, needle, request, superagent, undici, `http(s).get/request`. Only the part of the URL
 * that picks the host counts: `https://api.example.com/users/${id}` always goes to api.example.com.
 */
import { type Node, dottedName, objectProperty, unwrap, walk } from '../../extract/ast.js';
import type { Extractor } from '../../extract/extractor.js';
import type { ParsedFile } from '../../extract/parsed-file.js';
import { isTestFile } from '../../scan/test-files.js';
import { redirectInput } from '../redirect-target.js';
import { type RuleMeta, addFinding } from '../rule.js';
import { moduleFunction } from './modules.js';
import { mayHandleRequests } from '../errors/server-code.js';

export const SSRF_REQUEST_URL: RuleMeta = {
  id: 'ssrf.request-url',
  severity: 'error',
  title: 'The server fetches a URL taken from the request',
  fix: 'Fix the scheme and host in code and put input only in the path or query, or parse the URL and check its host against an allow-list (and resolve it to refuse private and link-local addresses such as 169.254.169.254) before fetching.',
};

/** HTTP client modules whose default export (or the named methods below) take the URL first. */
const CLIENTS = new Set([
  'axios',
  'got',
  'needle',
  'request',
  'superagent',
  'node-fetch',
  'undici',
  'http',
  'https',
  'node:http',
  'node:https',
  'cross-fetch',
  'phin',
  'ky',
]);
const METHODS = /^(?:default|get|post|put|patch|delete|head|options|request|fetch|stream)$/;
/** Browser code calls other sites on the user's behalf, which is no server-side forgery. */
const BROWSER_PATH =
  /\.[jt]sx$|(?:^|\/)(?:frontend|client|public|static|web-ui|webapp|browser|pages\/(?!api\/)|components|hooks)\//;
const MAX_SCOPES = 4;

export const ssrfRequestUrl: Extractor = {
  name: 'rules-ssrf-request-url',
  detect: () => true,
  prefilter: (text, path) =>
    mayHandleRequests(path) &&
    /\bfetch\s*\(|['"](?:axios|got|needle|request|superagent|node-fetch|cross-fetch|undici|ky|phin|(?:node:)?https?)['"]/.test(
      text,
    ),
  extract(file, facts) {
    if (isTestFile(file.path) || BROWSER_PATH.test(file.path) || /^\s*['"]use client['"]/.test(file.text))
      return;
    for (const call of file.calls) {
      const sink = sinkOf(file, call);
      if (!sink) continue;
      const input = redirectInput(file, urlArgument(sink.args));
      if (!input || checked(file, call, input.names, input.proof)) continue;
      addFinding(file, facts, SSRF_REQUEST_URL, call, {
        message: `${sink.name}() requests a URL whose host comes from request input (${input.proof}): a client can make the server call internal services or cloud metadata (169.254.169.254).`,
        subject: `${sink.name}(${input.proof})`,
        key: `${sink.name}:${input.proof}`,
      });
    }
  },
};

function sinkOf(file: ParsedFile, call: Node): { name: string; args: Node[] } | undefined {
  const args = call.arguments as Node[];
  const callee = unwrap(call.callee);
  // The global `fetch`, unless the file defines its own.
  if (callee?.type === 'Identifier' && callee.name === 'fetch' && !file.facts.imports.fetch)
    return file.topLevel.has('fetch') ? undefined : { name: 'fetch', args };
  const fn = moduleFunction(file, call, CLIENTS);
  if (!fn || !METHODS.test(fn)) return undefined;
  const name = dottedName(callee) ?? fn;
  // `needle('get', url)`: the method comes first.
  const needle = callee?.type === 'Identifier' && file.facts.imports[callee.name]?.from === 'needle';
  return { name, args: args.slice(needle ? 1 : 0) };
}

/** The URL: the first argument, or `url` of an options object (`axios({ url })`, `http.get({ host })`). */
function urlArgument(args: Node[]): Node | undefined {
  const first = unwrap(args[0]);
  if (first?.type !== 'ObjectExpression') return args[0];
  return (
    objectProperty(first, 'url') ??
    objectProperty(first, 'uri') ??
    objectProperty(first, 'host') ??
    objectProperty(first, 'hostname')
  );
}

/**
 * A check on where the URL goes (an allow-list, a host or origin comparison, a `startsWith` on the base)
 * in a condition of the functions around the call. Any other test on it (`url.match(/\.png$/)`, a
 * presence check) says nothing about the host, so it is not a check here.
 */
function checked(file: ParsedFile, at: Node, names: ReadonlySet<string>, proof: string): boolean {
  let scope = file.enclosingFunction(at);
  for (let i = 0; scope && i < MAX_SCOPES; i++) {
    const outer = file.enclosingFunction(scope);
    if (!outer) break;
    scope = outer;
  }
  let found = false;
  walk(scope ?? file.program, (node) => {
    if (found) return;
    const test = conditionOf(node);
    if (!test) return;
    const text = file.text.slice(test.start, test.end);
    if (!HOST_CHECK.test(text)) return;
    found =
      text.includes(proof) || [...names].some((name) => new RegExp(`\\b${escaped(name)}\\b`).test(text));
  });
  return found;
}

const HOST_CHECK =
  /\b(?:hostname|host|origin)\b|allow|whitelist|trusted|safe|valid|startsWith|isInternal|isPrivate/i;

function conditionOf(node: Node): Node | undefined {
  if (node.type === 'IfStatement' || node.type === 'ConditionalExpression') return node.test;
  return node.type === 'LogicalExpression' && node.operator === '&&' ? node.left : undefined;
}

function escaped(name: string): string {
  return name.replace(/[$]/g, '\\$');
}
