import type { RuleFamily } from '../family.js';
import { NO_CI, noCi } from './no-ci.js';
import { NO_TESTS, noTests } from './no-tests.js';
import { ROUTE_UNTESTED, routeUntested } from './route-untested.js';

/** The `tests.*` and `ci.*` rules (DESIGN §5): whether anything checks the app before it ships. */
export const TESTS: RuleFamily = {
  rules: [NO_TESTS, ROUTE_UNTESTED, NO_CI],
  repo: (context) => [...noTests(context), ...routeUntested(context)],
  project: (context) => noCi(context),
};
