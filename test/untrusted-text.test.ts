import { describe, expect, it } from 'vitest';
import { importedNames } from '../src/extract/imported-names.js';
import { EXTRACTORS } from '../src/extract/registry.js';
import { parseJsonc } from '../src/scan/jsonc.js';
import { scriptBlocks } from '../src/scan/sfc.js';

/**
 * A scanned repo is untrusted: every pattern that runs on raw text must stay linear. These inputs are shaped
 * to make backtracking patterns explode (long identifiers without the expected follow-up, keywords without
 * their closing part). A quadratic pattern would not finish within the test timeout; linear ones take ms.
 */
const size = 400_000;
const adversarial = {
  'one long identifier': 'a'.repeat(size),
  'identifiers and dots': 'abc.'.repeat(size / 4),
  'dots without calls': '.get .post .put '.repeat(size / 16),
  'imports without from': 'import a, b, c '.repeat(size / 15),
  'requires without call': 'const { a, b } = requir '.repeat(size / 24),
  'open braces': '{'.repeat(size),
  'script tags never closed': '<script lang="ts" '.repeat(size / 18),
  'comments never closed': '<!-- <script> '.repeat(size / 14),
};

describe('patterns over untrusted text stay linear', () => {
  for (const [name, text] of Object.entries(adversarial)) {
    it(name, () => {
      for (const extractor of EXTRACTORS)
        expect(typeof extractor.prefilter(text, 'app/api/x/route.ts')).toBe('boolean');
      expect(importedNames(text)).toBeInstanceOf(Set);
      expect(Array.isArray(scriptBlocks(text))).toBe(true);
    });
  }

  it('a tsconfig with an unterminated comment fails cleanly', () => {
    expect(() => parseJsonc(`{ "a": 1 /* ${'x'.repeat(size)}`)).toThrow();
  });
});

describe('importedNames', () => {
  it('reads ESM and CommonJS imports', () => {
    const names = importedNames(
      "import api, { http as client } from './http';\nimport * as ns from 'x';\nconst { a, b: c } = require('y');\nconst d = require('z');",
    );
    expect([...names]).toEqual(expect.arrayContaining(['api', 'client', 'ns', 'a', 'c', 'd']));
  });
});
