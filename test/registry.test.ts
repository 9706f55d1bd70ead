import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXTRACTORS } from '../src/extract/registry.js';
import { FAMILIES } from '../src/rules/families.js';

const fixtures = join(import.meta.dirname, 'fixtures');

/** Rule checks run as extractors too; test/rules.test.ts holds them to their own standard (per rule). */
const RULE_CHECKS = new Set(FAMILIES.flatMap((family) => family.extractors ?? []).map((e) => e.name));

/** STYLE.md: a new framework is a new file plus fixtures — one case where it fires, one where it stays quiet. */
describe.each(
  EXTRACTORS.filter((e) => !RULE_CHECKS.has(e.name)).map((extractor) => [extractor.name]),
)('extractor %s', (name) => {
  const dir = join(fixtures, name);
  const cases = existsSync(dir)
    ? readdirSync(dir).filter((entry) => existsSync(join(dir, entry, 'expected.json')))
    : [];

  it('has a source file of its own', () => {
    expect(existsSync(join(import.meta.dirname, '..', 'src', 'extract', `${name}.ts`))).toBe(true);
  });

  it('has fixtures where it fires and where it stays quiet', () => {
    expect(cases.length).toBeGreaterThanOrEqual(2);
    expect(cases.some((c) => c.includes('quiet'))).toBe(true);
  });
});

/**
 * Only files some prefilter accepts get a syntax tree, so a prefilter that accepts ordinary code costs the
 * whole scan (a document reader accepting `.ts` files once made a scan parse every file).
 */
describe('prefilters', () => {
  const ordinary = [
    "import { useState } from 'react';",
    'export function Cart({ items }: { items: string[] }) {',
    '  const [selected, setSelected] = useState(items.find((item) => item.length > 3));',
    '  const update = () => setSelected(Array.from(new Set(items)).at(0));',
    '  return <select onChange={update}>{items.map((item) => <option key={item}>{item}</option>)}</select>;',
    '}',
  ].join('\n');

  it.each(
    EXTRACTORS.map((extractor) => [extractor.name, extractor] as const),
  )('%s does not want an ordinary component', (_name, extractor) => {
    expect(extractor.prefilter(ordinary, 'src/components/Cart.tsx')).toBe(false);
  });
});
