import type { RuleFamily } from '../family.js';
import { ERROR_LEAK, errorLeaks } from './leak.js';
import { NO_ERROR_TRACKING, noErrorTracking } from './no-error-tracking.js';
import { NO_STRUCTURED_LOGGER, noStructuredLogger } from './no-structured-logger.js';
import { SENSITIVE_LOGGING, sensitiveLogging } from './sensitive-logging.js';
import { SWALLOWED, swallowedErrors } from './swallowed.js';

/**
 * The `errors.*`, `logging.*` and `observability.*` rules (DESIGN §5): what happens when server code fails —
 * whether the failure is kept, shown to the client, logged safely and seen by anyone.
 */
export const ERRORS: RuleFamily = {
  rules: [SWALLOWED, ERROR_LEAK, SENSITIVE_LOGGING, NO_STRUCTURED_LOGGER, NO_ERROR_TRACKING],
  extractors: [swallowedErrors, errorLeaks, sensitiveLogging],
  repo: (context) => [...noStructuredLogger(context), ...noErrorTracking(context)],
};
