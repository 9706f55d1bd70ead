import type { RepoFinding, RepoRuleContext } from '../family.js';
import type { RuleMeta } from '../rule.js';
import { appSourceFiles, isApp, testFiles } from '../app-files.js';
import { type Manifest, lineOfKey, manifestsOf } from '../manifests.js';

export const NO_TESTS: RuleMeta = {
  id: 'tests.none',
  severity: 'warning',
  title: 'A repo has no tests',
  fix: 'Add a test runner (vitest, jest, node:test) with a `test` script, and start with the paths that lose money or data when they break: sign-in, payments, the main write endpoints.',
};

/** `echo "Error: no test specified" && exit 1` (npm's placeholder), `echo no tests`, `exit 0`, `true`. */
const PLACEHOLDER = /^\s*(?:echo\b[^&|;]*(?:&&\s*exit\s+\d+)?|exit\s+\d+|true)\s*$/;

export function hasTestScript(manifest: Manifest): boolean {
  const script = manifest.json.scripts?.test;
  return typeof script === 'string' && !PLACEHOLDER.test(script);
}

/** A repo with app code, no test file anywhere and no test script in any package.json. One per repo. */
export function noTests(context: RepoRuleContext): RepoFinding[] {
  if (!isApp(context.files) || testFiles(context.files).length > 0) return [];
  const manifests = manifestsOf(context.files, context.read);
  const root = manifests[0];
  if (!root || manifests.some(hasTestScript)) return [];
  const sources = appSourceFiles(context.files).length;
  const placeholder = typeof root.json.scripts?.test === 'string';
  return [
    {
      file: root.path,
      rule: NO_TESTS.id,
      line: placeholder ? lineOfKey(root, 'test') : 1,
      column: 1,
      message: `No tests: ${sources} source files, no test file (*.test.*, *.spec.*, __tests__/, tests/, e2e/) and ${placeholder ? `only npm's placeholder as the "test" script` : 'no "test" script'} in ${root.path}.`,
      subject: root.path,
      key: root.path,
    },
  ];
}
