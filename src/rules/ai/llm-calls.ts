import { type Node, calledName, dottedName, objectProperty, unwrap } from '../../extract/ast.js';
import type { ParsedFile } from '../../extract/parsed-file.js';
import { type RepoInfo, dependsOn } from '../../extract/extractor.js';
import { objectLiteral } from '../../extract/request-options.js';

/**
 * A call that sends a prompt to a language model, and the options object it was given when we can read it.
 *
 * - OpenAI SDK (and the OpenAI-compatible SDKs: Groq, Together, DeepSeek via `baseURL`):
 *   `client.chat.completions.create|parse|stream`, `client.responses.create|parse|stream`,
 *   `client.completions.create` — https://platform.openai.com/docs/api-reference
 * - Anthropic SDK: `client.messages.create|stream` — https://docs.anthropic.com/en/api/messages
 * - Vercel AI SDK Core: `generateText`, `streamText`, `generateObject`, `streamObject` imported from `ai`
 *   — https://ai-sdk.dev/docs/reference/ai-sdk-core
 *
 * `messages.create` is also Twilio's SMS call, so an SDK-method call counts only when its options name a
 * `model` or the file imports an LLM SDK.
 */
export interface LlmCall {
  api: 'openai-chat' | 'openai-responses' | 'openai-completions' | 'anthropic' | 'ai-sdk';
  /** The call as named in the code: `openai.chat.completions.create`, `generateText`. */
  name: string;
  /** The options object literal (followed through a local `const`), when the call was given one. */
  options: Node | undefined;
  /** The output is parsed against a schema by the SDK (`generateObject`, `chat.completions.parse`). */
  validated: boolean;
}

const LLM_SDKS =
  /^(?:openai|@anthropic-ai\/sdk|groq-sdk|together-ai|@mistralai\/mistralai|ai|@ai-sdk\/[\w-]+|@azure\/openai|portkey-ai)$/;
const AI_SDK_CALLS = new Set(['generateText', 'streamText', 'generateObject', 'streamObject']);

/** Packages that call models or render what they wrote: the AI rules run only in repos that use one. */
const AI_PACKAGES = [
  'openai',
  '@anthropic-ai/sdk',
  'ai',
  '@ai-sdk/react',
  '@ai-sdk/openai',
  '@ai-sdk/anthropic',
  'groq-sdk',
  'together-ai',
  '@mistralai/mistralai',
  '@azure/openai',
  'portkey-ai',
  'langchain',
  '@langchain/core',
  '@langchain/openai',
  '@langchain/anthropic',
];

export function usesLlm(repo: RepoInfo): boolean {
  return dependsOn(repo, ...AI_PACKAGES);
}

/** A cheap text test for files that may call a model. */
export const MENTIONS_LLM =
  /chat\.completions|responses\.(?:create|parse|stream)|completions\.create|messages\.(?:create|stream)|generateText|streamText|generateObject|streamObject/;

export function llmCall(file: ParsedFile, call: Node): LlmCall | undefined {
  const callee = unwrap(call.callee);
  const args = call.arguments as Node[];
  if (callee?.type === 'Identifier') {
    const name = callee.name as string;
    const binding = file.facts.imports[name];
    if (binding?.from !== 'ai' || !AI_SDK_CALLS.has(binding.name)) return undefined;
    const options = objectLiteral(file, args[0]);
    // `generateText({ output: Output.object({ schema }) })`: structured output, parsed like generateObject.
    const structured = objectProperty(options, 'output') ?? objectProperty(options, 'experimental_output');
    return {
      api: 'ai-sdk',
      name,
      options,
      validated: /Object$/.test(binding.name) || structured !== undefined,
    };
  }
  const name = dottedName(callee);
  if (!name || /\.threads\.|\.beta\.assistants\./.test(name)) return undefined;
  const api = sdkApi(name);
  if (!api) return undefined;
  const options = objectLiteral(file, args[0]);
  if (!objectProperty(options, 'model') && !importsLlmSdk(file)) return undefined;
  return { api, name, options, validated: /\.parse$/.test(name) };
}

function sdkApi(name: string): LlmCall['api'] | undefined {
  if (/(?:^|\.)chat\.completions\.(?:create|parse|stream)$/.test(name)) return 'openai-chat';
  if (/(?:^|\.)responses\.(?:create|parse|stream)$/.test(name)) return 'openai-responses';
  if (/(?:^|\.)completions\.create$/.test(name)) return 'openai-completions';
  if (/(?:^|\.)messages\.(?:create|stream)$/.test(name)) return 'anthropic';
  return undefined;
}

function importsLlmSdk(file: ParsedFile): boolean {
  return Object.values(file.facts.imports).some((binding) => LLM_SDKS.test(binding.from));
}

/** The elements of an array literal given directly or through a local `const`. */
export function arrayElements(file: ParsedFile, node: Node | undefined): Node[] {
  let n = unwrap(node);
  if (n?.type === 'Identifier') n = unwrap(file.localInit(n.name, n) ?? file.topLevel.get(n.name));
  return n?.type === 'ArrayExpression' ? (n.elements as (Node | null)[]).filter((e): e is Node => !!e) : [];
}

/** `role: 'system'` (or OpenAI's `developer`) on a message object literal. */
export function isSystemMessage(file: ParsedFile, message: Node): boolean {
  const role = unwrap(objectProperty(objectLiteral(file, message), 'role'));
  return role?.type === 'Literal' && (role.value === 'system' || role.value === 'developer');
}

/** LangChain chat models by class name (`new ChatOpenAI({ … })`). */
export const LANGCHAIN_MODEL = /^(?:Chat[A-Z]\w*|AzureChatOpenAI|Ollama)$/;

/** `new SystemMessage(x)`, `SystemMessagePromptTemplate.fromTemplate(x)`: LangChain's system prompt. */
export function langchainSystemText(node: Node): Node | undefined {
  const callee = unwrap(node.callee);
  const name = node.type === 'NewExpression' ? calledName(callee) : dottedName(callee);
  const first = unwrap((node.arguments as Node[])[0]);
  if (name === 'SystemMessage')
    return first?.type === 'ObjectExpression' ? objectProperty(first, 'content') : first;
  if (name === 'SystemMessagePromptTemplate.fromTemplate') return first;
  return undefined;
}
