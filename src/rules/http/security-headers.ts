/**
 * Server apps that send none of the browser security headers — https://helmetjs.github.io/ and
 * https://owasp.org/www-project-secure-headers/. The AST pass notes where each Express, NestJS, Fastify or
 * Koa app is created and any sign of the headers (helmet and its ports, a CSP or HSTS header set by hand);
 * the repo pass reports apps that serve routes with no sign anywhere.
 */
import { type Node, dottedName, unwrap, walk } from '../../extract/ast.js';
import type { Extractor } from '../../extract/extractor.js';
import { requireSource } from '../../extract/parsed-file.js';
import type { ParsedFile } from '../../extract/parsed-file.js';
import { isTestFile } from '../../scan/test-files.js';
import type { RepoFinding, RepoRuleContext } from '../family.js';
import type { RuleMeta } from '../rule.js';
import { dependenciesOf, manifestOf, manifestsOf, within } from '../manifests.js';
import { addNote, notesOf } from './notes.js';

export const NO_SECURITY_HEADERS: RuleMeta = {
  id: 'http.no-security-headers',
  severity: 'warning',
  title: 'A server app sends no security headers',
  fix: 'Add helmet (`app.use(helmet())`; @fastify/helmet, koa-helmet, or `secureHeaders()` in Hono): it sets Content-Security-Policy, Strict-Transport-Security, X-Content-Type-Options, X-Frame-Options and more in one line.',
};

/** Packages that set the headers. */
const HEADER_MODULES = new Set([
  'helmet',
  '@fastify/helmet',
  'fastify-helmet',
  'koa-helmet',
  'hono/secure-headers',
  'lusca',
  'secure-headers',
]);
const HEADER_NAMES = new Set(['content-security-policy', 'strict-transport-security']);
/** Config of a proxy or platform in front of the app, where the headers are often set instead. */
const PROXY_CONFIG =
  /(?:^|\/)(?:[^/]*\.conf|Caddyfile|vercel\.json|netlify\.toml|_headers|firebase\.json|staticwebapp\.config\.json|[^/]*nginx[^/]*|traefik[^/]*\.ya?ml)$/i;
const PROXY_HEADER = /content-security-policy|strict-transport-security/i;
const MAX_PROXY_FILES = 50;
/** Serverless adapters: the platform's edge answers the browser (and sets HSTS), not this process. */
const SERVERLESS =
  /^(?:serverless-http|@vendia\/serverless-express|@codegenie\/serverless-express|aws-serverless-express|@netlify\/functions|@vercel\/node|firebase-functions)$/;
const SERVERLESS_CONFIG = /(?:^|\/)(?:vercel\.json|netlify\.toml|serverless\.ya?ml)$/;
/** Files that create an app without serving one: scripts, mocks, examples. */
const NOT_THE_APP =
  /(?:^|\/)(?:scripts?|tools|mocks?|fixtures?|examples?|demos?|docs?|dev-?server[^/]*)(?:\/|$)/i;
const FRAMEWORK_NAMES: Record<string, string> = {
  express: 'Express',
  nestjs: 'NestJS',
  fastify: 'Fastify',
  koa: 'Koa',
};
const KOA_ROUTERS = ['koa-router', '@koa/router', 'koa-tree-router'];

export const serverApps: Extractor = {
  name: 'http-server-apps',
  detect: () => true,
  prefilter: (text) =>
    /express|NestFactory|fastify|new Koa\b|helmet|secureHeaders|secure-headers|lusca|content-security-policy|strict-transport-security/i.test(
      text,
    ),
  extract(file, facts) {
    if (isTestFile(file.path)) return;
    const evidence = headerEvidence(file);
    if (evidence)
      addNote(file, facts, 'security-headers', evidence.node, {
        message: evidence.what,
        subject: evidence.what,
        key: 'headers',
      });
    if (NOT_THE_APP.test(file.path)) return;
    let count = 0;
    for (const { node, framework } of appsCreated(file)) {
      count++;
      addNote(file, facts, 'server-app', node, {
        message: framework,
        subject: framework,
        key: count > 1 ? `${framework}#${count}` : framework,
        data: { framework },
      });
    }
  },
};

/** helmet (or a port of it) imported, or a CSP or HSTS header named in code. */
function headerEvidence(file: ParsedFile): { node: Node; what: string } | undefined {
  for (const binding of Object.values(file.facts.imports))
    if (HEADER_MODULES.has(binding.from)) return { node: file.program, what: binding.from };
  let found: { node: Node; what: string } | undefined;
  walk(file.program, (node) => {
    if (found || node.type !== 'Literal' || typeof node.value !== 'string') return;
    if (HEADER_NAMES.has(node.value.toLowerCase()) || HEADER_MODULES.has(node.value))
      found = { node, what: node.value };
  });
  return found;
}

/** `express()`, `NestFactory.create(…)`, `Fastify()` / `require('fastify')()`, `new Koa()`. */
function appsCreated(file: ParsedFile): { node: Node; framework: string }[] {
  const express = file.importedFrom('express', ['default', '*']);
  const fastify = file.importedFrom('fastify', ['default', 'fastify', 'Fastify', '*']);
  const koa = file.importedFrom('koa', ['default', '*']);
  const out: { node: Node; framework: string }[] = [];
  for (const call of file.calls) {
    const callee = unwrap(call.callee);
    if (
      (callee?.type === 'Identifier' && express.has(callee.name)) ||
      (callee && requireSource(callee) === 'express')
    )
      out.push({ node: call, framework: 'express' });
    else if (
      (callee?.type === 'Identifier' && fastify.has(callee.name)) ||
      (callee && requireSource(callee) === 'fastify')
    )
      out.push({ node: call, framework: 'fastify' });
    else if (dottedName(callee)?.endsWith('NestFactory.create'))
      out.push({ node: call, framework: 'nestjs' });
  }
  for (const created of file.news) {
    const callee = unwrap(created.callee);
    if (callee?.type === 'Identifier' && koa.has(callee.name)) out.push({ node: created, framework: 'koa' });
  }
  return out;
}

/**
 * One finding per app whose package serves routes, unless the repo shows the headers anywhere (helmet, a
 * header set by hand, a proxy config). Next.js custom servers and serverless handlers are left alone:
 * their headers belong in next.config or the platform.
 */
export function securityHeaderFindings(context: RepoRuleContext): RepoFinding[] {
  const apps = notesOf(context.facts, 'server-app');
  if (apps.length === 0 || notesOf(context.facts, 'security-headers').length > 0) return [];
  const proxies = context.files.filter((path) => PROXY_CONFIG.test(path) && !path.includes('node_modules/'));
  if (proxies.slice(0, MAX_PROXY_FILES).some((path) => PROXY_HEADER.test(context.read(path) ?? '')))
    return [];
  const manifests = manifestsOf(context.files, context.read);
  const found: RepoFinding[] = [];
  for (const app of apps) {
    const framework = String(app.data?.framework ?? '');
    const manifest = manifestOf(app.file, manifests);
    const dir = manifest?.dir ?? '';
    const dependencies = manifest ? dependenciesOf(manifest, manifests) : new Set<string>();
    if (dependencies.has('next') || [...dependencies].some((name) => SERVERLESS.test(name))) continue;
    if (context.files.some((path) => SERVERLESS_CONFIG.test(path) && within(path, dir))) continue;
    const ownFile = (file: string) =>
      within(file, dir) && manifestOf(file, manifests) === manifest && !isTestFile(file);
    // Route facts too: a router the linker could not mount still shows the app serves routes.
    const servesRoutes =
      framework === 'koa'
        ? KOA_ROUTERS.some((name) => dependencies.has(name))
        : context.links.endpoints.some((e) => e.framework === framework && ownFile(e.source.file)) ||
          [...context.facts].some(
            ([file, facts]) => ownFile(file) && facts.routes.some((route) => route.framework === framework),
          );
    if (!servesRoutes) continue;
    const name = FRAMEWORK_NAMES[framework] ?? framework;
    found.push({
      rule: NO_SECURITY_HEADERS.id,
      file: app.file,
      line: app.line,
      column: app.column,
      message: `The ${name} app created here sends no security headers: no helmet, and no Content-Security-Policy or Strict-Transport-Security set by hand or in a proxy config. Browsers get no protection from framing, MIME sniffing or a downgrade to plain HTTP.`,
      subject: `${name} app without security headers`,
      key: app.key,
    });
  }
  return found;
}
