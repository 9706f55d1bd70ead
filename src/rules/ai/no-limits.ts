import { type Node, objectProperty, propertyName } from '../../extract/ast.js';
import type { Extractor } from '../../extract/extractor.js';
import { isTestFile } from '../../scan/test-files.js';
import { type RuleMeta, addFinding } from '../rule.js';
import { MENTIONS_LLM, llmCall, usesLlm } from './llm-calls.js';
import { clientWritten } from './prompt-input.js';

export const NO_LIMITS: RuleMeta = {
  id: 'ai.no-limits',
  severity: 'warning',
  title: 'A model call driven by request input has no output token cap',
  fix: 'Set an output cap on the call (`max_completion_tokens`/`max_tokens` for OpenAI chat, `max_output_tokens` for the Responses API, `maxOutputTokens` in the AI SDK) sized to what the feature needs, and rate-limit the route.',
};

/** Every name an output cap goes by across the SDKs and their versions. */
const CAPS = new Set([
  'max_tokens',
  'max_completion_tokens',
  'max_output_tokens',
  'maxTokens',
  'maxOutputTokens',
  'maxCompletionTokens',
]);

/**
 * An OpenAI or AI SDK call whose prompt or messages a client wrote, with no output token cap in an options
 * object we can read whole. Without one, each request may run to the model's maximum output — the cost of
 * a route is set by whoever calls it. Anthropic's API requires `max_tokens`, so its calls always have one.
 *
 * Client timeouts and retries are not reported: the OpenAI and Anthropic SDKs default to a 10-minute
 * timeout with 2 retries and the AI SDK to 2 retries — bounded, if generous. Options we cannot list (a
 * spread, a variable from elsewhere) stay quiet: the cap may be in them.
 */
export const noLimits: Extractor = {
  name: 'ai-no-limits',
  detect: usesLlm,
  prefilter: (text) => MENTIONS_LLM.test(text),
  extract(file, facts) {
    if (isTestFile(file.path)) return;
    for (const call of file.calls) {
      const llm = llmCall(file, call);
      if (!llm?.options || llm.api === 'anthropic' || !readWhole(llm.options)) continue;
      if ((llm.options.properties as Node[]).some((p) => CAPS.has(propertyName(p) ?? ''))) continue;
      const input = ['messages', 'prompt', 'input', 'system', 'instructions']
        .map((key) => clientWritten(file, objectProperty(llm.options, key)))
        .find(Boolean);
      if (!input) continue;
      addFinding(file, facts, NO_LIMITS, call, {
        message: `${llm.name}() sends what the client wrote (${input}) with no output token cap: each request may run to the model's maximum output, and the caller decides how many run.`,
        subject: `${llm.name}()`,
        key: `${llm.name}\u0000${input}`,
      });
    }
  },
};

function readWhole(options: Node): boolean {
  return (options.properties as Node[]).every((p) => p.type === 'Property' && !p.computed);
}
