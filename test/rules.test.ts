import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../src/rules/text-rules.js';

const ROOT = join(import.meta.dirname, '..');
/** Rules' own fixtures live under rules/; AST rules are extractors, with theirs under their own name. */
const FIXTURES = join(ROOT, 'test', 'fixtures');

/** Every expected.json under test/fixtures/rules, with the findings it lists. */
function fixtureCases(dir = FIXTURES): { dir: string; findings: { rule: string }[] }[] {
  const out: { dir: string; findings: { rule: string }[] }[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...fixtureCases(path));
    else if (entry.name === 'expected.json')
      out.push({
        dir,
        findings:
          (JSON.parse(readFileSync(path, 'utf8')) as { findings?: { rule: string }[] }).findings ?? [],
      });
  }
  return out;
}

/** The build fails when a rule lacks its doc page, a case where it fires, or a quiet case of its family. */
describe.each(RULES.map((rule) => [rule.id, rule] as const))('rule %s', (id) => {
  const family = id.split('.')[0] as string;
  const cases = fixtureCases();

  it('has a doc page', () => {
    expect(existsSync(join(ROOT, 'docs', 'rules', `${id}.md`)), `docs/rules/${id}.md`).toBe(true);
  });

  it('has a fixture where it fires', () => {
    expect(cases.some((c) => c.findings.some((f) => f.rule === id))).toBe(true);
  });

  it('has a quiet fixture of its family where it must not fire', () => {
    const quiet = cases.filter((c) => c.dir.includes(`${family}`) && /quiet/.test(c.dir));
    expect(quiet.length).toBeGreaterThan(0);
    expect(quiet.every((c) => !c.findings.some((f) => f.rule === id))).toBe(true);
  });
});

describe('docs/rules/README.md', () => {
  it('lists every rule, and no rule Baton does not have', () => {
    const readme = readFileSync(join(ROOT, 'docs', 'rules', 'README.md'), 'utf8');
    const listed = [...readme.matchAll(/^\| \[([a-z]+\.[a-z-]+)\]\(/gm)].map((m) => m[1]).sort();
    expect(listed).toEqual(RULES.map((rule) => rule.id).sort());
  });
});
