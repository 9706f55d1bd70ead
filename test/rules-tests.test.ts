import { describe, expect, it } from 'vitest';
import { hasTestScript } from '../src/rules/tests/no-tests.js';
import { pathPatterns } from '../src/rules/tests/route-untested.js';

const matches = (route: string, literal: string, base = false) => {
  const { full, suffix } = pathPatterns(route);
  return full.some((re) => re.test(literal)) || (base && suffix.some((re) => re.test(literal)));
};

describe('pathPatterns (tests.route-untested)', () => {
  it.each([
    ['/api/orders/{id}', '/api/orders/42'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of a test's template literal
    ['/api/orders/{id}', '/api/orders/${order.id}'],
    ['/api/orders/{id}', '/api/orders/'],
    ['/api/orders/{id}', '/api/orders/42?expand=items'],
    ['/api/orders', '/api/orders/'],
    ['/api/users/me', '/api/users/me'],
  ])('%s is requested by %s', (route, literal) => expect(matches(route, literal)).toBe(true));

  it.each([
    ['/api/orders', '/api/orders/42'],
    ['/api/orders/{id}/items', '/api/orders/42'],
    ['/api/teams/{id}/users', '/api/users'],
    ['/api/orders', '/orders'],
  ])('%s is not requested by %s', (route, literal) => expect(matches(route, literal)).toBe(false));

  it('accepts a suffix only after a base written elsewhere', () => {
    expect(matches('/api/orders/{id}', '/orders/7', true)).toBe(true);
    expect(matches('/api/teams/{id}/users', '/users', true)).toBe(true);
  });
});

describe('hasTestScript (tests.none)', () => {
  const manifest = (test?: string) => ({
    path: 'package.json',
    dir: '',
    text: '',
    json: test === undefined ? {} : { scripts: { test } },
  });
  it.each(['vitest run', 'jest --coverage', 'node --test', 'mocha'])('%s runs tests', (script) =>
    expect(hasTestScript(manifest(script))).toBe(true));
  it.each([
    'echo "Error: no test specified" && exit 1',
    'echo no tests',
    'exit 0',
    'true',
  ])('%s is a placeholder', (script) => expect(hasTestScript(manifest(script))).toBe(false));
  it('no script at all is none', () => expect(hasTestScript(manifest())).toBe(false));
});
