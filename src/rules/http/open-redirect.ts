/**
 * Redirects to wherever the request says — https://cheatsheetseries.owasp.org/cheatsheets/Unvalidated_Redirects_and_Forwards_Cheat_Sheet.html
 * Express `res.redirect`, Fastify `reply.redirect`, Hono `c.redirect`, Koa `ctx.redirect`, `Response.redirect`
 * / `NextResponse.redirect`, Next.js and Remix `redirect()`, and a `Location` header set by hand.
 */
import {
  type Node,
  dottedName,
  objectProperty,
  propertyName,
  stringLiteral,
  unwrap,
  walk,
} from '../../extract/ast.js';
import type { Extractor } from '../../extract/extractor.js';
import type { ParsedFile } from '../../extract/parsed-file.js';
import { isTestFile } from '../../scan/test-files.js';
import { type RuleMeta, addFinding } from '../rule.js';
import { validatedIn } from './conditions.js';
import { redirectInput } from '../redirect-target.js';
import { mayHandleRequests } from '../errors/server-code.js';

export const OPEN_REDIRECT: RuleMeta = {
  id: 'http.open-redirect',
  severity: 'error',
  title: 'A redirect goes to a URL taken from the request',
  fix: "Redirect only to paths on your own site (`next.startsWith('/') && !next.startsWith('//')`) or to an allow-list of hosts; fall back to a fixed page otherwise.",
};

/** Modules whose `redirect()` sends a redirect response. */
const REDIRECT_MODULES = new Set([
  'next/navigation',
  'next/server',
  '@remix-run/node',
  '@remix-run/cloudflare',
  '@remix-run/deno',
  '@remix-run/server-runtime',
  'react-router',
  '@sveltejs/kit',
]);
const HEADER_SETTERS = new Set(['setHeader', 'header', 'set', 'writeHead']);
/** How far up from a redirect the checks that guard it are looked for. */
const MAX_SCOPES = 4;

export const openRedirects: Extractor = {
  name: 'http-open-redirect',
  detect: () => true,
  // `window.location` is everywhere in browser code: only a Location header or `.location(` counts.
  prefilter: (text, path) =>
    mayHandleRequests(path) &&
    (/redirect|\.location\s*\(|\bLocation\s*:/.test(text) || /['"`]location['"`]/i.test(text)),
  extract(file, facts) {
    if (isTestFile(file.path)) return;
    const bare = new Set<string>();
    for (const [local, binding] of Object.entries(file.facts.imports))
      if (REDIRECT_MODULES.has(binding.from) && /^(?:redirect|permanentRedirect)$/.test(binding.name))
        bare.add(local);
    for (const { at, via, target } of redirectTargets(file, bare)) {
      const input = redirectInput(file, target);
      if (!input) continue;
      if (validated(file, at, input.names, input.proof)) continue;
      addFinding(file, facts, OPEN_REDIRECT, at, {
        message: `${via} sends the browser to a URL taken from request input (${input.proof}) without checking it: a link to your site can forward its visitors to any site (phishing, stolen tokens).`,
        subject: `${via.slice(0, -2)}(${input.proof})`,
        key: `${via}:${input.proof}`,
      });
    }
  },
};

interface RedirectSite {
  at: Node;
  via: string;
  target: Node | undefined;
}

function redirectTargets(file: ParsedFile, bare: ReadonlySet<string>): RedirectSite[] {
  const out: RedirectSite[] = [];
  for (const call of file.calls) {
    const callee = unwrap(call.callee);
    const args = call.arguments as Node[];
    const via = `${dottedName(callee) ?? 'redirect'}()`;
    if (callee?.type === 'Identifier' && bare.has(callee.name)) {
      for (const target of urlArguments(args)) out.push({ at: call, via, target });
      continue;
    }
    if (callee?.type !== 'MemberExpression' || callee.computed) continue;
    const method = callee.property.name as string;
    if (method === 'redirect' || method === 'location') {
      for (const target of urlArguments(args)) out.push({ at: call, via, target });
    } else if (HEADER_SETTERS.has(method)) {
      if (stringLiteral(args[0])?.toLowerCase() === 'location') out.push({ at: call, via, target: args[1] });
      // `res.writeHead(302, { Location: next })`
      if (method === 'writeHead') {
        const location = locationOf(args[1]);
        if (location) out.push({ at: call, via, target: location });
      }
    }
  }
  // `new Response(null, { status: 302, headers: { Location: next } })`
  walk(file.program, (node) => {
    if (node.type !== 'Property' || node.computed || propertyName(node) !== 'headers') return;
    const location = locationOf(node.value);
    if (location) out.push({ at: node, via: 'a Location header', target: location });
  });
  return out;
}

function locationOf(headers: Node | undefined): Node | undefined {
  const object = unwrap(headers);
  if (object?.type !== 'ObjectExpression') return undefined;
  return objectProperty(object, 'Location') ?? objectProperty(object, 'location');
}

/** The URL among a redirect's arguments: status codes come first in some APIs and last in others. */
function urlArguments(args: Node[]): Node[] {
  return args.slice(0, 2).filter((arg) => {
    const n = unwrap(arg);
    return !(n?.type === 'Literal' && typeof n.value === 'number') && n?.type !== 'ObjectExpression';
  });
}

/** A check on the target (or a name it passed through) in the functions around the redirect. */
function validated(file: ParsedFile, at: Node, names: ReadonlySet<string>, proof: string): boolean {
  let scope = file.enclosingFunction(at);
  for (let i = 0; scope && i < MAX_SCOPES; i++) {
    const outer = file.enclosingFunction(scope);
    if (!outer) break;
    scope = outer;
  }
  return validatedIn(file, scope ?? file.program, names, new Set([proof]));
}
