import type { RepoFinding, RepoRuleContext } from '../family.js';
import type { RuleMeta } from '../rule.js';
import { lineOfKey } from '../manifests.js';
import { type BackendPackage, backendPackages, readPackageFiles } from './backend-packages.js';

export const NO_STRUCTURED_LOGGER: RuleMeta = {
  id: 'logging.no-structured-logger',
  severity: 'info',
  title: 'A server logs with console only',
  fix: 'Use a structured logger (pino, with pino-http for requests; or winston): levels, JSON lines a log service can search, request context, and redaction of secrets.',
};

/**
 * Long-running servers whose frameworks leave logging to the app. File-routed full-stack frameworks (Next.js,
 * SvelteKit, Remix, Nuxt) are not judged: they run on platforms that capture console output per request.
 * NestJS ships its own Logger and Fastify ships pino, so they are judged only by use (Fastify below).
 */
const SERVER_FRAMEWORKS = new Set(['express', 'fastify', 'hono']);

/** Structured loggers, and framework integrations of them. */
const LOGGER = new RegExp(
  `^(?:${[
    'pino',
    'pino-http',
    'nestjs-pino',
    'hono-pino',
    'winston',
    'express-winston',
    'nest-winston',
    'bunyan',
    'log4js',
    'signale',
    'consola',
    'roarr',
    '@logtape/logtape',
    'tslog',
    'loglevel',
    '@nestjs/common',
    '@google-cloud/logging-winston',
    '@google-cloud/logging-bunyan',
    '@axiomhq/.+',
    '@logtail/.+',
    '@opentelemetry/api-logs',
  ].join('|')})$`,
);

/** Serverless targets: the platform collects console output per invocation, as for Next.js. */
const SERVERLESS_DEPENDENCIES = ['wrangler', '@cloudflare/workers-types', 'serverless-http', '@vercel/node'];
const SERVERLESS_CONFIG =
  /(?:^|\/)(?:wrangler\.(?:toml|jsonc?)|vercel\.json|netlify\.toml|serverless\.ya?ml)$/;

const MIN_CONSOLE_CALLS = 3;
const CONSOLE_CALL = /\bconsole\.(?:log|info|warn|error|debug)\s*\(/g;
/** Fastify's built-in pino is on: `Fastify({ logger: true })`, or handlers log through `request.log`. */
const FASTIFY_LOGGER =
  /\blogger\s*:\s*(?!false\b)|\b(?:request|req|fastify|app|server)\.log\.(?:info|error|warn|debug|fatal|trace)\s*\(/;
/** Browser code in a server package (a Vite client beside the API), and code that is not the server running. */
const NOT_SERVER_CODE =
  /\.(?:[jt]sx|vue|svelte)$|(?:^|\/)(?:client|frontend|public|static(?:files)?|assets|vendor|components|hooks|scripts?|tools|cli|bin|migrations|seeds?|seeders)\/|(?:^|\/)(?:Gruntfile|gulpfile|Jakefile)\.[cm]?[jt]s$|(?:^|\/)seed[\w.-]*\.[cm]?[jt]s$/i;

export function noStructuredLogger(context: RepoRuleContext): RepoFinding[] {
  return backendPackages(context, SERVER_FRAMEWORKS).flatMap((pkg) => {
    // Any package of the repo: a workspace's shared logger package serves the server that imports it.
    const declared = pkg.manifests.flatMap((m) =>
      Object.keys({ ...m.json.dependencies, ...m.json.devDependencies }),
    );
    if ([...pkg.dependencies, ...declared].some((name) => LOGGER.test(name))) return [];
    if (SERVERLESS_DEPENDENCIES.some((name) => pkg.dependencies.has(name))) return [];
    if (context.files.some((file) => SERVERLESS_CONFIG.test(file) && file.startsWith(pkg.manifest.dir)))
      return [];
    const finding = consoleOnly(context, pkg);
    return finding ? [finding] : [];
  });
}

function consoleOnly(context: RepoRuleContext, pkg: BackendPackage): RepoFinding | undefined {
  const files = readPackageFiles(
    pkg.files.filter((file) => !NOT_SERVER_CODE.test(file.slice(pkg.manifest.dir.length))),
    context.read,
  );
  if (pkg.frameworks.has('fastify') && files.some((f) => FASTIFY_LOGGER.test(f.text))) return undefined;
  // The example comes from a file with routes when one logs: the server's own code.
  const routeFiles = new Set(pkg.endpoints.map((e) => e.source.file));
  files.sort((a, b) => Number(routeFiles.has(b.path)) - Number(routeFiles.has(a.path)));
  let calls = 0;
  let inFiles = 0;
  let example: string | undefined;
  for (const { path, text } of files) {
    const matches = [...text.matchAll(CONSOLE_CALL)];
    if (matches.length === 0) continue;
    calls += matches.length;
    inFiles++;
    const first = matches[0]?.index ?? 0;
    example ??= `${path}:${text.slice(0, first).split('\n').length}`;
  }
  // One `console.log('listening')` is not a logging practice; a server that logs at all does it more.
  if (calls < MIN_CONSOLE_CALLS) return undefined;
  const frameworks = [...pkg.frameworks].join('/');
  return {
    file: pkg.manifest.path,
    rule: NO_STRUCTURED_LOGGER.id,
    line: lineOfKey(pkg.manifest, 'dependencies'),
    column: 1,
    message: `The ${frameworks} server logs with console only (${calls} call${calls === 1 ? '' : 's'} in ${inFiles} file${inFiles === 1 ? '' : 's'}, e.g. ${example}) and ${pkg.manifest.path} depends on no structured logger (pino, winston, bunyan…): no levels, no JSON lines to search, no request context.`,
    subject: pkg.manifest.path,
    key: pkg.manifest.path,
  };
}
