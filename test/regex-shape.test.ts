import { describe, expect, it } from 'vitest';
import { catastrophicPart } from '../src/rules/inject/regex-shape.js';

describe('catastrophicPart', () => {
  it('names the nested repetition that can split one run of input many ways, when something after it can fail', () => {
    expect(catastrophicPart('([0-9]+)+\\#')).toBe('([0-9]+)+');
    expect(catastrophicPart('^(\\w+\\s?)*$')).toBe('(\\w+\\s?)*');
    expect(catastrophicPart('^(\\d+)*$')).toBe('(\\d+)*');
    expect(catastrophicPart('(a+)+?b')).toBe('(a+)+?');
    expect(catastrophicPart('^(?:x*){100,}y')).toBe('(?:x*){100,}');
    expect(catastrophicPart('^([a-z0-9])(([\\-.]|[_]+)?([a-z0-9]+))*@x\\.com$')).toBe(
      '(([\\-.]|[_]+)?([a-z0-9]+))*',
    );
  });

  it('stays quiet when every iteration consumes a separator, nothing can fail after, or the repeat is bounded', () => {
    for (const safe of [
      '(a+)+',
      '\\d+(\\.\\d+)*',
      '^(\\s*,\\s*\\w+)*$',
      '^(?:[a-z0-9-]+\\.)+[a-z]{2,}$',
      '(a|b)+c',
      '(.*a){20}',
      '[(+*)]+x',
      '^(\\d+(\\.\\d+)*)$',
    ])
      expect(catastrophicPart(safe), safe).toBeUndefined();
  });

  it('reads groups, classes, escapes and lookarounds, and gives up on what it cannot read or is too long', () => {
    expect(catastrophicPart('(?<year>\\d+)+(?=-)\\k<year>')).toBe('(?<year>\\d+)+');
    expect(catastrophicPart('[\\]a-z]+\\u{1F600}(?<!x)(\\p{L}+)+!')).toBe('(\\p{L}+)+');
    expect(catastrophicPart('(unclosed')).toBeUndefined();
    expect(catastrophicPart(`${'(a+)+'.repeat(1)}${'x'.repeat(3000)}`)).toBeUndefined();
    expect(catastrophicPart(`${'('.repeat(200)}a${')'.repeat(200)}`)).toBeUndefined();
  });

  it('does not flag overlapping alternatives (a known limit, documented)', () => {
    expect(catastrophicPart('^(([a-z])+.)+[A-Z]([a-z])+$')).toBeUndefined();
  });
});
