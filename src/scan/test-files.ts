/**
 * Test and end-to-end files. Their HTTP calls exercise a server under test (often at made-up URLs on
 * localhost), not the contract a client depends on, so they are not listed as calls; a later rule on
 * untested routes reads them separately.
 */
const TEST_DIR = /(?:^|\/)(?:__tests__|__mocks__|e2e|cypress|playwright|tests?)\//;
const TEST_FILE = /\.(?:test|spec|e2e|cy)\.[cm]?[jt]sx?$/;
/** Ad-hoc scripts named for testing (`test-data-setup.js`, `complete-workflow-test.js`), common in generated apps. */
const TEST_SCRIPT = /(?:^|\/)(?:test[-_][\w.-]*|[\w.-]*[-_]test)\.[cm]?[jt]sx?$/i;
/** pytest's discovery names (`test_users.py`, `users_test.py`) and its `conftest.py`. */
const PYTHON_TEST = /(?:^|\/)(?:test_[\w.-]*|[\w.-]*_test|conftest)\.py$/;

export function isTestFile(path: string): boolean {
  return TEST_FILE.test(path) || TEST_DIR.test(path) || TEST_SCRIPT.test(path) || PYTHON_TEST.test(path);
}
