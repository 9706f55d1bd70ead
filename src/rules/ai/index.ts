import type { RuleFamily } from '../family.js';
import { NO_LIMITS, noLimits } from './no-limits.js';
import { OUTPUT_EXEC, outputExec } from './output-exec.js';
import { PROMPT_INJECTION, promptInjection } from './prompt-injection.js';

/**
 * The `ai.*` rules (DESIGN §5): apps that call language models. Each is an AST pass over the files that
 * call one (see llm-calls.ts for the SDKs recognised).
 */
export const AI: RuleFamily = {
  rules: [PROMPT_INJECTION, NO_LIMITS, OUTPUT_EXEC],
  extractors: [promptInjection, noLimits, outputExec],
};
