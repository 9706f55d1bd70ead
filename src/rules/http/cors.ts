/**
 * CORS that lets any website call the API — https://developer.mozilla.org/en-US/docs/Web/HTTP/CORS
 * The cors package, @fastify/cors, hono/cors and @koa/cors default to every origin; `origin: true` and an
 * origin function that always says yes echo the caller's Origin back, which browsers accept even with
 * cookies. Written as notes: whether a warning stands depends on the API (see corsFindings).
 */
import { type Node, dottedName, objectProperty, unwrap } from '../../extract/ast.js';
import type { Extractor } from '../../extract/extractor.js';
import type { ParsedFile } from '../../extract/parsed-file.js';
import { objectLiteral } from '../../extract/request-options.js';
import { isTestFile } from '../../scan/test-files.js';
import type { RepoFinding, RepoRuleContext } from '../family.js';
import type { RuleMeta } from '../rule.js';
import { manifestOf, manifestsOf, within } from '../manifests.js';
import { inDevOnlyBranch } from './conditions.js';
import { headerSettings, onRoute } from './cors-headers.js';
import { type CorsSetting, allowsCredentials, originKind } from './cors-origin.js';
import { addNote, confirmed, notesOf } from './notes.js';
import { shown } from './shown.js';

export const CORS_PERMISSIVE: RuleMeta = {
  id: 'http.cors-permissive',
  severity: 'warning',
  title: 'CORS lets any website call the API',
  fix: "List the origins allowed to call the API (`origin: ['https://app.example.com']`, or read them from an environment variable). Never echo the request's Origin back together with `credentials: true`.",
};

/** CORS middleware packages, and what they allow when no `origin` is given. */
const LIBRARIES: Record<string, 'any' | 'reflect' | 'koa'> = {
  cors: 'any',
  'hono/cors': 'any',
  '@fastify/cors': 'any',
  'fastify-cors': 'any',
  // @koa/cors 5: `*`, but the caller's Origin once credentials are on; koa-cors echoes it always.
  '@koa/cors': 'koa',
  'koa2-cors': 'any',
  'koa-cors': 'reflect',
};
export const corsNotes: Extractor = {
  name: 'http-cors',
  detect: () => true,
  prefilter: (text) => /cors|access-control-allow-origin/i.test(text),
  extract(file, facts) {
    if (isTestFile(file.path)) return;
    const settings = [...middlewareSettings(file), ...nestSettings(file), ...headerSettings(file)];
    // One note per kind and file: `app.use('/api/v1/*', cors())` thrice is one decision.
    const seen = new Set<string>();
    for (const setting of settings) {
      const error = setting.kind === 'reflect' && setting.credentials;
      if ((setting.scoped && !error) || inDevOnlyBranch(file, setting.at)) continue;
      const key = `${setting.kind}${setting.credentials ? '+credentials' : ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      addNote(file, facts, 'cors', setting.at, {
        message: messageOf(setting),
        subject: setting.what,
        key,
        ...(error ? { severity: 'error' as const } : {}),
      });
    }
  },
};

function messageOf({ what, kind, credentials }: CorsSetting): string {
  if (kind === 'reflect' && credentials)
    return `${what} echoes any Origin back and allows credentials: any website a signed-in user visits can send requests with their cookies and read the answers.`;
  if (kind === 'reflect')
    return `${what} echoes any Origin back: every website can call this API from its visitors' browsers.`;
  if (credentials)
    return `${what} allows every origin (*) with credentials: browsers refuse that pair, so credentialed calls fail — and the intent was to let other sites in. List the origins instead.`;
  const header = /access-control-allow-origin/i.test(what) ? '' : ' (Access-Control-Allow-Origin: *)';
  return `${what} allows every origin${header}: any website can call this API from its visitors' browsers.`;
}

/** `cors()`, `cors({ origin: true, credentials: true })`, `fastify.register(cors, { origin: '*' })`, `app.use('*', cors())`. */
function middlewareSettings(file: ParsedFile): CorsSetting[] {
  const out: CorsSetting[] = [];
  for (const [module, fallback] of Object.entries(LIBRARIES)) {
    const locals = file.importedFrom(module, ['default', 'cors', '*']);
    if (locals.size === 0) continue;
    for (const call of file.calls) {
      const callee = unwrap(call.callee);
      const args = call.arguments as Node[];
      let options: Node | undefined;
      if (callee?.type === 'Identifier' && locals.has(callee.name)) options = args[0];
      else if (callee?.type === 'MemberExpression' && callee.property?.name === 'register') {
        const plugin = unwrap(args[0]);
        if (plugin?.type !== 'Identifier' || !locals.has(plugin.name)) continue;
        options = args[1];
      } else continue;
      const setting = fromOptions(file, call, options, fallback);
      if (setting) out.push({ ...setting, scoped: onRoute(file, call) });
    }
  }
  return out;
}

/** `app.enableCors()` and `NestFactory.create(AppModule, { cors: true })`: the cors package's defaults. */
function nestSettings(file: ParsedFile): CorsSetting[] {
  const out: CorsSetting[] = [];
  for (const call of file.calls) {
    const callee = unwrap(call.callee);
    const args = call.arguments as Node[];
    if (callee?.type === 'MemberExpression' && callee.property?.name === 'enableCors') {
      const setting = fromOptions(file, call, args[0], 'any');
      if (setting) out.push(setting);
    } else if (dottedName(callee)?.endsWith('NestFactory.create')) {
      const cors = unwrap(objectProperty(objectLiteral(file, args[1]), 'cors'));
      if (cors?.type === 'Literal' && cors.value === true)
        out.push({ at: cors, what: '{ cors: true }', kind: 'any', credentials: false });
      else if (cors?.type === 'ObjectExpression') {
        const setting = fromOptions(file, cors, cors, 'any');
        if (setting) out.push({ ...setting, what: `{ cors: ${setting.what} }` });
      }
    }
  }
  return out;
}

/**
 * A CORS middleware's options: what its `origin` lets in. Options we cannot read (imported, computed,
 * spread without an `origin`) are the app's business: no setting.
 */
function fromOptions(
  file: ParsedFile,
  at: Node,
  given: Node | undefined,
  fallback: 'any' | 'reflect' | 'koa',
): CorsSetting | undefined {
  const options = given ? objectLiteral(file, given) : undefined;
  if (given && !options) return undefined;
  const origin = objectProperty(options, 'origin');
  const spread = (options?.properties as Node[] | undefined)?.some((p) => p.type === 'SpreadElement');
  if (!origin && spread) return undefined;
  const credentials = allowsCredentials(file, options);
  const kind = origin
    ? originKind(file, origin)
    : fallback === 'koa'
      ? credentials
        ? 'reflect'
        : 'any'
      : fallback;
  if (!kind) return undefined;
  return { at: origin ?? at, what: shown(file, at), kind, credentials };
}

/**
 * Reported except for a warning on a package whose every endpoint is a public read (GET with no auth): an
 * open data API is meant to be read by any site. Reflected origins with credentials are always reported.
 */
export function corsFindings(context: RepoRuleContext): RepoFinding[] {
  const notes = notesOf(context.facts, 'cors');
  if (notes.length === 0) return [];
  const manifests = manifestsOf(context.files, context.read);
  return notes
    .filter((note) => {
      if (note.severity === 'error') return true;
      const manifest = manifestOf(note.file, manifests);
      const own = context.links.endpoints.filter(
        (e) =>
          !manifest ||
          (within(e.source.file, manifest.dir) && manifestOf(e.source.file, manifests) === manifest),
      );
      const publicRead = own.every(
        (e) => ['GET', 'HEAD', 'OPTIONS'].includes(e.method) && (e.auth === 'none' || e.auth === 'unknown'),
      );
      return !(own.length > 0 && publicRead);
    })
    .map((note) => confirmed(note, CORS_PERMISSIVE.id));
}
