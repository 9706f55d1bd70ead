/**
 * Next.js `middleware.ts` — https://nextjs.org/docs/app/building-your-application/routing/middleware
 * When it authenticates (NextAuth's middleware, Clerk's `auth.protect()`, a redirect to a sign-in page or a
 * 401), the routes its `config.matcher` covers are guarded. Matchers are read in their common forms:
 * `/api/:path*`, exact paths, `/(api|trpc)(.*)`, and the catch-all `/((?!_next|static).*)`.
 */
import { type Node, objectProperty, stringLiteral, unwrap } from './ast.js';
import { type Extractor, dependsOn } from './extractor.js';
import type { ParsedFile } from './parsed-file.js';

/** At the app's root (or its `src/`), possibly inside a monorepo's `apps/<name>/`. */
const MIDDLEWARE = /^(?:(?:apps|packages)\/[^/]+\/)?(?:src\/)?middleware\.[cm]?[jt]s$/;
const AUTHENTICATES =
  /next-auth\/middleware|\bwithAuth\b|auth\(\)\.protect|auth\.protect\(|\.protect\(\)|authMiddleware\(|redirect\([^)]*(?:login|sign-?in)|status:\s*40[13]|getToken\(/i;

export const nextMiddleware: Extractor = {
  name: 'next-middleware',
  detect: (repo) => dependsOn(repo, 'next'),
  prefilter: (text, path) => MIDDLEWARE.test(path) && AUTHENTICATES.test(text),
  extract(file, facts) {
    const matchers = matcherList(file);
    facts.settings['next.middleware'] = {
      k: 'obj',
      props: {
        guard: { k: 'str', v: 'middleware.ts' },
        ...Object.fromEntries(matchers.map((m, i) => [`m${i}`, { k: 'str', v: m } as const])),
      },
    };
  },
};

/** `export const config = { matcher: ['/api/:path*'] }` or a single string; none means every path. */
function matcherList(file: ParsedFile): string[] {
  const config = unwrap(file.topLevel.get('config'));
  const matcher = unwrap(objectProperty(config, 'matcher'));
  if (!matcher) return ['/:path*'];
  if (matcher.type === 'ArrayExpression')
    return (matcher.elements as (Node | null)[]).flatMap((e) =>
      e ? (stringLiteral(e) ?? stringLiteral(objectProperty(e, 'source')) ?? []) : [],
    );
  const single = stringLiteral(matcher);
  return single ? [single] : ['/:path*'];
}

/** Whether a Next.js matcher covers a path template (`/api/orders/{id}`). */
export function matcherCovers(matcher: string, path: string): boolean {
  // `/((?!_next|static|api).*)`: everything except paths starting with the excluded names.
  const negative = /^\/\(\(\?!([^)]*)\)\.\*\)$/.exec(matcher);
  if (negative) {
    const excluded = (negative[1] as string).split('|').map((e) => e.replace(/\\/g, '').replace(/\/.*$/, ''));
    const first = path.split('/')[1] ?? '';
    return !excluded.some(
      (e) => e !== '' && first.startsWith(e.replace(/[^\w-].*$/, '')) && e.replace(/[^\w-].*$/, '') !== '',
    );
  }
  // `/(api|trpc)(.*)`
  const alternatives = /^\/\(([\w|-]+)\)\(\.\*\)$/.exec(matcher);
  if (alternatives)
    return (alternatives[1] as string).split('|').some((a) => path === `/${a}` || path.startsWith(`/${a}/`));
  // `/dashboard/:path*`, `/api/:path+`, `/account`
  const prefix = /^(.*?)\/:\w+[*+]$/.exec(matcher);
  if (prefix) {
    const base = prefix[1] as string;
    return base === '' || path === base || path.startsWith(`${base}/`);
  }
  const normalised = matcher.replace(/:(\w+)/g, '{$1}').replace(/\{[^}]+\}/g, '{}');
  return path.replace(/\{[^}]+\}/g, '{}') === normalised;
}
