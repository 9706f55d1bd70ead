import { isSourceFile } from '../scan/analyze-file.js';
import { isTestFile } from '../scan/test-files.js';

/**
 * Rules about a whole app's setup (tests, CI, logging, error tracking) say little about a snippet, a starter
 * or a three-file example: below this many source files a repo is not judged as an app. The smallest real
 * apps we measured (deliberately vulnerable demos, tutorial APIs) have 9 to 14.
 */
export const MIN_APP_FILES = 8;

const NOT_APP_CODE = /\.d\.[cm]?ts$|(?:^|\/)[\w.-]+\.config\.[cm]?[jt]s$|(?:^|\/)\.[\w.-]+rc\.[cm]?js$/;

/** Source files that are the app's own code: not tests, type declarations or tool config. */
export function appSourceFiles(files: readonly string[]): string[] {
  return files.filter((path) => isSourceFile(path) && !isTestFile(path) && !NOT_APP_CODE.test(path));
}

/** Test files by the scanner's own definition (`*.test.ts`, `__tests__/`, `e2e/`…), source only. */
export function testFiles(files: readonly string[]): string[] {
  return files.filter((path) => isSourceFile(path) && isTestFile(path));
}

export function isApp(files: readonly string[]): boolean {
  return appSourceFiles(files).length >= MIN_APP_FILES;
}
