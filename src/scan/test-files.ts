/**
 * Test and end-to-end files. Their HTTP calls exercise a server under test (often at made-up URLs on
 * localhost), not the contract a client depends on, so they are not listed as calls; a later rule on
 * untested routes reads them separately.
 */
const TEST_DIR = /(?:^|\/)(?:__tests__|__mocks__|e2e|cypress|playwright|tests?)\//;
const TEST_FILE = /\.(?:test|spec|e2e|cy)\.[cm]?[jt]sx?$/;

export function isTestFile(path: string): boolean {
  return TEST_FILE.test(path) || TEST_DIR.test(path);
}
