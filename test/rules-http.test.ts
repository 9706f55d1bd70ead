import { describe, expect, it } from 'vitest';
import type { Extractor } from '../src/extract/extractor.js';
import { isAuthRoute } from '../src/rules/http/auth-routes.js';
import { insecureCookies } from '../src/rules/http/cookies.js';
import { corsNotes } from '../src/rules/http/cors.js';
import { limiterEvidence } from '../src/rules/http/limiter-evidence.js';
import { openRedirects } from '../src/rules/http/open-redirect.js';
import { analyzeFile } from '../src/scan/analyze-file.js';
import type { Endpoint } from '../src/scan/scan-result.js';

/** What one extractor leaves in a file's facts: `rule severity` per finding or note. */
function found(extractor: Extractor, code: string, path = 'src/app.js'): string[] {
  const facts = analyzeFile(path, code, [extractor]);
  return (facts.findings ?? []).map((f) => `${f.rule}${f.severity ? ` ${f.severity}` : ''}`);
}

const expressRoute = (body: string) =>
  `const express = require('express');\nconst router = express.Router();\nrouter.get('/x/:id', (req, res) => {\n${body}\n});`;

describe('http.open-redirect', () => {
  it.each([
    'res.redirect(req.query.next);',
    "res.redirect(req.query.next || '/');",
    'res.redirect(302, req.params.where);',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: source code under test
    'res.redirect(`${req.query.to}`);',
    "res.redirect('https://' + req.query.host + '/home');",
    'res.redirect(decodeURIComponent(req.query.to));',
    'const { returnTo } = req.body;\nres.redirect(returnTo);',
    "const u = req.query.u;\nif (!u) return res.redirect('/');\nres.redirect(u);",
    "res.setHeader('Location', req.query.u);",
    'res.writeHead(302, { Location: req.body.back });',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: source code under test
    'res.redirect(new URL(req.query.next, `https://${req.headers.host}`).href);',
  ])('fires on %s', (code) =>
    expect(found(openRedirects, expressRoute(code))).toEqual(['http.open-redirect']));

  it.each([
    "res.redirect('/login');",
    "res.redirect(301, '/');",
    "res.redirect('/login?next=' + encodeURIComponent(req.originalUrl));",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: source code under test
    'res.redirect(`/users/${req.params.id}`);',
    "res.redirect('https://' + req.headers.host + req.url);",
    "res.redirect(req.get('referer') || '/');",
    "const next = req.query.next;\nif (!next.startsWith('/') || next.startsWith('//')) return res.redirect('/');\nres.redirect(next);",
    "const target = ALLOWED.includes(req.query.to) ? req.query.to : '/';\nres.redirect(target);",
    "const url = new URL(req.query.url);\nif (url.hostname !== 'docs.example.com') return res.sendStatus(400);\nres.redirect(url.href);",
    'res.redirect(process.env.BASE_PATH + req.query.page);',
    'res.redirect(sanitizeRedirect(req.query.next));',
  ])('stays quiet on %s', (code) => expect(found(openRedirects, expressRoute(code))).toEqual([]));

  it('reads Next.js nextUrl search params and stays quiet on a base-only request URL', () => {
    const next = `import { NextResponse } from 'next/server';
export async function GET(request) {
  const next = request.nextUrl.searchParams.get('next');
  if (!next) return NextResponse.redirect(new URL('/login', request.url));
  return NextResponse.redirect(new URL(next, request.url));
}`;
    expect(found(openRedirects, next, 'app/auth/route.ts')).toEqual(['http.open-redirect']);
  });

  it('reads NestJS @Query() parameters', () => {
    const nest = `@Controller('go')
export class GoController {
  @Get()
  go(@Query('url') url: string, @Res() res: Response) {
    return res.redirect(url);
  }
}`;
    expect(found(openRedirects, nest, 'src/go.controller.ts')).toEqual(['http.open-redirect']);
  });
});

describe('http.insecure-cookie', () => {
  it.each([
    "res.cookie('token', token);",
    "res.cookie('jwt', token, { sameSite: 'strict' });",
    "res.cookie('refresh_token', token, { httpOnly: false });",
    "res.cookie('sid', id, { httpOnly: true, secure: false });",
    "res.cookie('session', id, { httpOnly: true, sameSite: 'none' });",
    'res.cookie(name, accessToken);',
    "reply.setCookie('auth', token, { path: '/' });",
  ])('fires on %s', (code) =>
    expect(found(insecureCookies, expressRoute(code))).toEqual(['http.insecure-cookie']));

  it.each([
    "res.cookie('token', token, { httpOnly: true, secure: process.env.NODE_ENV === 'production' });",
    "res.cookie('theme', 'dark');",
    "res.cookie('locale', req.query.lang);",
    "res.cookie('XSRF-TOKEN', req.csrfToken());",
    "res.cookie('session', id, { ...cookieDefaults });",
    'res.cookie(SESSION_COOKIE, id, sharedOptions);',
    "res.cookie('logged_in', 'true', { httpOnly: false });",
    "res.cookie('sessions', JSON.stringify(list), { httpOnly: false });",
    "res.cookie('token', token, { httpOnly: true, secure: true, sameSite: 'none' });",
  ])('stays quiet on %s', (code) => expect(found(insecureCookies, expressRoute(code))).toEqual([]));

  it('reads session stores and leaves SMTP options alone', () => {
    const code = `const session = require('express-session');
app.use(session({ secret: process.env.S, resave: false, cookie: { secure: false } }));
const transport = nodemailer.createTransport({ host: 'smtp', port: 587, secure: false });`;
    expect(found(insecureCookies, code)).toEqual(['http.insecure-cookie']);
  });

  it('is quiet on a dev-only branch and on the production override pattern', () => {
    const code = `const sess = { secret: process.env.S, cookie: { secure: false } };
if (app.get('env') === 'production') sess.cookie.secure = true;
if (process.env.NODE_ENV !== 'production') res.cookie('token', t);`;
    expect(found(insecureCookies, code)).toEqual([]);
  });

  it('knows Koa turns httpOnly on and Next.js leaves it off', () => {
    expect(found(insecureCookies, "ctx.cookies.set('session', id, { signed: true });")).toEqual([]);
    const next = `import { cookies } from 'next/headers';\ncookies().set('session', token);`;
    expect(found(insecureCookies, next, 'app/api/login/route.ts')).toEqual(['http.insecure-cookie']);
  });
});

describe('http.cors-permissive notes', () => {
  const withCors = (code: string) => `const cors = require('cors');\n${code}`;
  it.each([
    ['app.use(cors());', 'note:http.cors'],
    ["app.use(cors({ origin: '*' }));", 'note:http.cors'],
    ['app.use(cors({ origin: true }));', 'note:http.cors'],
    ['app.use(cors({ origin: true, credentials: true }));', 'note:http.cors error'],
    ['app.use(cors({ origin: (o, cb) => cb(null, true), credentials: true }));', 'note:http.cors error'],
    ['const options = { origin: true, credentials: true };\napp.use(cors(options));', 'note:http.cors error'],
  ])('notes %s', (code, note) => expect(found(corsNotes, withCors(code))).toEqual([note]));

  it.each([
    'app.use(cors({ origin: process.env.CORS_ORIGIN, credentials: true }));',
    "app.use(cors({ origin: ['https://app.example.com'], credentials: true }));",
    'app.use(cors({ origin: (o, cb) => cb(null, allowed.includes(o)), credentials: true }));',
    'app.use(cors(corsOptionsFromConfig));',
    "if (process.env.NODE_ENV === 'development') app.use(cors());",
    "router.get('/widget.js', cors(), serveWidget);",
  ])('stays quiet on %s', (code) => expect(found(corsNotes, withCors(code))).toEqual([]));

  it('reads headers set by hand in middleware, not in one handler', () => {
    const middleware = `app.use((req, res, next) => {
  res.header('Access-Control-Allow-Origin', req.headers.origin);
  res.header('Access-Control-Allow-Credentials', 'true');
  next();
});`;
    expect(found(corsNotes, middleware)).toEqual(['note:http.cors error']);
    const handler = `app.get('/status', (req, res) => { res.set('Access-Control-Allow-Origin', '*'); res.json({}); });`;
    expect(found(corsNotes, handler)).toEqual([]);
    const allowList = `app.use((req, res, next) => {
  if (ALLOWED.has(req.headers.origin)) res.header('Access-Control-Allow-Origin', req.headers.origin);
  next();
});`;
    expect(found(corsNotes, allowList)).toEqual([]);
  });

  it('reads NestJS and Hono defaults', () => {
    expect(found(corsNotes, 'app.enableCors();', 'src/main.ts')).toEqual(['note:http.cors']);
    expect(
      found(corsNotes, 'const app = await NestFactory.create(AppModule, { cors: true });', 'src/main.ts'),
    ).toEqual(['note:http.cors']);
    const hono = `import { cors } from 'hono/cors';\napp.use('/api/*', cors({ origin: (origin) => origin, credentials: true }));`;
    expect(found(corsNotes, hono, 'src/index.ts')).toEqual(['note:http.cors error']);
  });
});

describe('http.no-rate-limit', () => {
  const endpoint = (method: string, path: string) => ({ method, path }) as Endpoint;
  it.each([
    ['POST', '/api/auth/login'],
    ['POST', '/api/users/login'],
    ['POST', '/auth/sign-up'],
    ['POST', '/api/forgotPassword'],
    ['POST', '/api/auth/reset'],
    ['POST', '/account/verify-otp'],
    ['POST', '/api/token/refresh'],
    ['PUT', '/api/users/me/password'],
  ])('%s %s is an auth route', (method, path) => expect(isAuthRoute(endpoint(method, path))).toBe(true));

  it.each([
    ['GET', '/login'],
    ['POST', '/api/games/{id}/reset'],
    ['POST', '/api/auth/logout'],
    ['POST', '/api/auth/{nextauth}'],
    ['POST', '/api/contact'],
    ['POST', '/api/sessions/{id}/messages'],
  ])('%s %s is not', (method, path) => expect(isAuthRoute(endpoint(method, path))).toBe(false));

  it.each([
    "const rateLimit = require('express-rate-limit');",
    'const authLimiter = makeLimiter(5);',
    "import { ThrottlerGuard } from '@nestjs/throttler';",
    'user.loginAttempts += 1;',
    '@Throttle({ default: { limit: 3, ttl: 60000 } })\nclass A {}',
  ])('sees a limiter in %s', (code) =>
    expect(found(limiterEvidence, code, 'src/server.ts')).toEqual(['note:http.rate-limiter']));

  it.each([
    'if (err instanceof OpenAI.RateLimitError) retry();',
    "const message = 'rate limit exceeded';",
    'const onScroll = throttle(update, 100);',
  ])('sees none in %s', (code) => expect(found(limiterEvidence, code, 'src/server.ts')).toEqual([]));

  it('ignores a limiter in browser code', () => {
    expect(found(limiterEvidence, 'const limiter = createLimiter();', 'src/components/Search.tsx')).toEqual(
      [],
    );
  });
});
