import { describe, expect, it } from 'vitest';
import { matcherCovers } from '../src/extract/next-middleware.js';

describe('Next.js middleware matchers', () => {
  it.each([
    ['/api/:path*', '/api/orders/{id}', true],
    ['/api/:path*', '/apiary', false],
    ['/dashboard/:path+', '/dashboard/settings', true],
    ['/account', '/account', true],
    ['/account', '/account/delete', false],
    ['/users/:id', '/users/{userId}', true],
    ['/(api|trpc)(.*)', '/trpc/post.list', true],
    ['/(api|trpc)(.*)', '/webhooks/stripe', false],
    ['/((?!_next/static|_next/image|favicon.ico).*)', '/api/orders', true],
    ['/((?!api|_next/static|_next/image|favicon.ico).*)', '/api/orders', false],
    ['/((?!api|_next/static|_next/image|favicon.ico).*)', '/settings', true],
    ['/:path*', '/anything/at/all', true],
  ])('%s covers %s: %s', (matcher, path, covered) => {
    expect(matcherCovers(matcher, path)).toBe(covered);
  });
});
