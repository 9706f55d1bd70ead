import type { Node } from '../../extract/ast.js';
import type { RepoInfo } from '../../extract/extractor.js';
import { dependsOn } from '../../extract/extractor.js';
import type { ParsedFile } from '../../extract/parsed-file.js';
import { isTestFile } from '../../scan/test-files.js';

/**
 * Where the errors and logging rules look: code that runs on a server. An empty catch around `localStorage`
 * in a React hook or a token printed to the user's own browser console is not a deploy problem; the same
 * lines in a request handler are.
 */

/** Packages that make a repo serve HTTP: the rules run only in repos that declare one. */
const SERVER_PACKAGES = [
  'express',
  'fastify',
  'koa',
  'hono',
  '@nestjs/core',
  '@nestjs/common',
  'next',
  '@sveltejs/kit',
  '@remix-run/node',
  '@remix-run/server-runtime',
  '@react-router/node',
  'nitropack',
  'nuxt',
  'h3',
  '@hapi/hapi',
  'restify',
  'polka',
  '@trpc/server',
  'elysia',
];

export function servesHttp(repo: RepoInfo): boolean {
  return dependsOn(repo, ...SERVER_PACKAGES);
}

/** Modules only server code imports: frameworks, Node built-ins, database drivers, server SDKs. */
const SERVER_MODULE =
  /^(?:node:.*|express|fastify|koa|hono|hono\/.+|@hono\/.+|@nestjs\/.+|next\/server|next\/headers|server-only|h3|@hapi\/.+|fs|fs\/promises|child_process|os|http|https|net|cluster|worker_threads|pg|mysql2?(?:\/promise)?|mongoose|mongodb|@prisma\/client|\.prisma\/client|drizzle-orm(?:\/.+)?|sequelize|typeorm|knex|redis|ioredis|bullmq|bull|nodemailer|stripe|jsonwebtoken|bcrypt|bcryptjs|argon2|multer|cookie-parser|express-session|passport|firebase-admin(?:\/.+)?|@aws-sdk\/.+|winston|pino|dotenv(?:\/config)?)$/;
/** UI libraries: a file importing one renders in the browser, whatever else it imports (Prisma enums). */
const CLIENT_MODULE =
  /^(?:@angular\/(?:core|common|forms|router|material\/.+|cdk\/.+)|react|react-dom(?:\/.+)?|vue|vue-router|svelte(?:\/.+)?|solid-js|preact|next\/navigation|next\/router|react-router(?:-dom)?|@tanstack\/react-.+)$/;
/** Folders whose code runs on the server whatever it imports. */
const SERVER_DIR = /(?:^|\/)(?:server|backend|pages\/api|app\/api|routes|controllers|middlewares?)\//;
/** Components and browser code, even when they sit in a server repo. */
const CLIENT_FILE = /\.(?:[jt]sx|vue|svelte)$|(?:^|\/)(?:client|frontend|public|static|components|hooks)\//;
/** One-off scripts, command-line tools, build config and migrations: not the running server. */
const NOT_RUNTIME =
  /(?:^|\/)(?:scripts?|tools|cli|bin|migrations|seeds?|seeders)\/|\.config\.[cm]?[jt]s$|(?:^|\/)seed[\w.-]*\.[cm]?[jt]s$/;

/** Folders of UI pieces: no framework serves requests from them. */
const COMPONENT_DIR = /(?:^|\/)(?:components|hooks)\//;

/**
 * False when the path alone rules out request handling — tests, scripts, migrations, seeds, UI components —
 * so rules about request input need no syntax tree there (a prefilter's test).
 */
export function mayHandleRequests(path: string): boolean {
  return !isTestFile(path) && !NOT_RUNTIME.test(path) && !COMPONENT_DIR.test(path);
}

/** False when the path alone rules out server code (tests, components, scripts): a prefilter's test. */
export function mayBeServerPath(path: string): boolean {
  return !isTestFile(path) && !CLIENT_FILE.test(path) && !NOT_RUNTIME.test(path);
}

/** True when the file holds server code: routes, handlers, server imports or a server folder. */
export function isServerFile(file: ParsedFile): boolean {
  const { path } = file;
  if (!mayBeServerPath(path)) return false;
  if (hasDirective(file, 'use client')) return false;
  const sources = moduleSources(file);
  if (sources.some((source) => CLIENT_MODULE.test(source))) return false;
  if (file.facts.routes.length > 0 || Object.keys(file.facts.handlers).length > 0) return true;
  if (hasDirective(file, 'use server') || SERVER_DIR.test(path)) return true;
  return sources.some((source) => SERVER_MODULE.test(source));
}

/**
 * Looser than isServerFile: nothing marks the file as browser code (a component folder, `'use client'`, a
 * UI library import). Shared helpers (`lib/validate.js`) qualify: the server may run them on its input.
 */
export function mayRunOnServer(file: ParsedFile): boolean {
  if (!mayBeServerPath(file.path) || hasDirective(file, 'use client')) return false;
  return !moduleSources(file).some((source) => CLIENT_MODULE.test(source));
}

function hasDirective(file: ParsedFile, directive: string): boolean {
  for (const statement of file.program.body as Node[]) {
    if (statement.type !== 'ExpressionStatement' || typeof statement.directive !== 'string') return false;
    if (statement.directive === directive) return true;
  }
  return false;
}

/** Every module the file imports or requires at top level, side-effect imports included. */
function moduleSources(file: ParsedFile): string[] {
  const sources = Object.values(file.facts.imports).map((binding) => binding.from);
  for (const statement of file.program.body as Node[])
    if (statement.type === 'ImportDeclaration') sources.push(statement.source.value as string);
  return sources;
}

/**
 * The node sits under a condition about the environment (`if (process.env.NODE_ENV !== 'production')`,
 * `isDev ? err.stack : undefined`, `...(debug && { stack })`): the team decided where it shows.
 */
const ENV_TEST =
  /NODE_ENV|\bis(?:Dev|Development|Prod|Production|Debug)\b|\b(?:dev|development|production|debug)\b|get\(\s*['"]env['"]\s*\)/i;

export function underEnvCondition(file: ParsedFile, node: Node): boolean {
  let child = node;
  let current = file.parent(node);
  // Up through functions too: a middleware registered inside `if (isDev)` only exists in development.
  for (let guard = 0; current && guard < 200; guard++) {
    const test =
      (current.type === 'IfStatement' && child !== current.test) ||
      (current.type === 'ConditionalExpression' && child !== current.test)
        ? current.test
        : current.type === 'LogicalExpression' && child === current.right
          ? current.left
          : undefined;
    if (test && ENV_TEST.test(file.text.slice(test.start, test.end))) return true;
    child = current;
    current = file.parent(current);
  }
  return false;
}
