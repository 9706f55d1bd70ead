import { type Node, objectProperty, unwrap } from '../../extract/ast.js';
import type { Extractor } from '../../extract/extractor.js';
import type { ParsedFile } from '../../extract/parsed-file.js';
import { objectLiteral } from '../../extract/request-options.js';
import { isTestFile } from '../../scan/test-files.js';
import { requestInput } from '../request-input.js';
import { type RuleMeta, addFinding } from '../rule.js';
import {
  MENTIONS_LLM,
  arrayElements,
  isSystemMessage,
  langchainSystemText,
  llmCall,
  usesLlm,
} from './llm-calls.js';

export const PROMPT_INJECTION: RuleMeta = {
  id: 'ai.prompt-injection',
  severity: 'warning',
  title: 'Request input is written into the system prompt',
  fix: "Keep the system prompt constant and pass what the client sent as a `role: 'user'` message (or the `prompt`); if a setting must shape the instructions, map it to one of a few fixed strings on the server.",
};

/**
 * What a client sent, placed where the model takes instructions rather than conversation: the `system`
 * option (Anthropic, AI SDK), OpenAI's `instructions`, a `role: 'system'`/`'developer'` message, a tool's
 * `description`, or a LangChain `SystemMessage`/system template. The client can then rewrite the rules
 * the model follows. Input in a user message or the `prompt` is the intended separation and stays quiet,
 * as do constants and values computed by a function we do not follow (`buildPrompt(settings)`).
 */
export const promptInjection: Extractor = {
  name: 'ai-prompt-injection',
  detect: usesLlm,
  prefilter: (text) =>
    (MENTIONS_LLM.test(text) || /SystemMessage/.test(text)) && /system|instructions|description/i.test(text),
  extract(file, facts) {
    if (isTestFile(file.path)) return;
    const report = (at: Node, where: string, value: Node | undefined) => {
      const input = requestInput(file, value);
      if (!input) return;
      addFinding(file, facts, PROMPT_INJECTION, at, {
        message: `${where} holds request input (${input}): a client can rewrite the instructions the model follows. Pass it as a user message instead.`,
        subject: where,
        key: `${where}\u0000${input}`,
      });
    };
    for (const call of file.calls) {
      const llm = llmCall(file, call);
      if (llm?.options) {
        const options = llm.options;
        for (const key of ['system', 'instructions'])
          for (const text of promptTexts(file, objectProperty(options, key)))
            report(text, `${llm.name}({ ${key} })`, text);
        for (const key of ['messages', 'input'])
          for (const message of arrayElements(file, objectProperty(options, key)))
            if (isSystemMessage(file, message))
              for (const text of promptTexts(file, objectProperty(objectLiteral(file, message), 'content')))
                report(text, `${llm.name}() system message`, text);
        for (const description of toolDescriptions(file, objectProperty(options, 'tools')))
          report(description, `${llm.name}() tool description`, description);
      }
      const template = langchainSystemText(call);
      if (template) report(template, 'SystemMessagePromptTemplate', template);
    }
    for (const created of file.news) {
      const text = langchainSystemText(created);
      if (text) report(text, 'new SystemMessage()', text);
    }
  },
};

/** A prompt is a string or a list of parts (`[{ type: 'text', text }]`, Anthropic's cached system blocks). */
function promptTexts(file: ParsedFile, value: Node | undefined): Node[] {
  const n = unwrap(value);
  if (!n) return [];
  const parts = arrayElements(file, n);
  if (parts.length === 0) return [n];
  return parts.map((part) => objectProperty(objectLiteral(file, part), 'text') ?? part);
}

/** OpenAI `[{ type: 'function', function: { description } }]`, AI SDK `{ name: tool({ description }) }`. */
function toolDescriptions(file: ParsedFile, tools: Node | undefined): Node[] {
  const found: Node[] = [];
  const list = arrayElements(file, tools);
  for (const tool of list) {
    const object = objectLiteral(file, tool);
    const described = objectProperty(objectLiteral(file, objectProperty(object, 'function')), 'description');
    const own = objectProperty(object, 'description');
    if (described) found.push(described);
    if (own) found.push(own);
  }
  const record = objectLiteral(file, tools);
  for (const property of (record?.properties ?? []) as Node[]) {
    const value = unwrap(property.value);
    const options =
      value?.type === 'CallExpression' ? objectLiteral(file, (value.arguments as Node[])[0]) : undefined;
    const description = objectProperty(options, 'description');
    if (description) found.push(description);
  }
  return found;
}
