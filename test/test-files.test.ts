import { describe, expect, it } from 'vitest';
import { isTestFile } from '../src/scan/test-files.js';

describe('test files', () => {
  it.each([
    'src/orders.test.ts',
    'src/__tests__/orders.ts',
    'e2e/checkout.ts',
    'test-data-setup.js',
    'scripts/complete-workflow-test.js',
    'tests/api.ts',
  ])('%s is a test file', (path) => expect(isTestFile(path)).toBe(true));

  it.each([
    'src/testimonials.ts',
    'src/latest-news.ts',
    'src/contest/entry.ts',
    'src/attestation.ts',
  ])('%s is not', (path) => expect(isTestFile(path)).toBe(false));
});
