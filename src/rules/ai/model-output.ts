import { type Node, calledName, dottedName, unwrap } from '../../extract/ast.js';
import type { ParsedFile } from '../../extract/parsed-file.js';
import { LANGCHAIN_MODEL, llmCall } from './llm-calls.js';

/** Calls that hand the model's text on with its meaning intact: parsing, stringifying, Markdown to HTML. */
const KEEPS_TEXT = new Set([
  'JSON.parse',
  'String',
  'marked',
  'marked.parse',
  'snarkdown',
  'micromark',
  'md.render',
  'markdown.render',
  'markdownIt.render',
  'converter.makeHtml',
  'showdown.makeHtml',
]);
/** Methods of a string or array that keep the model's text in what they return. */
const KEEPS_TEXT_METHODS = new Set([
  'trim',
  'trimStart',
  'trimEnd',
  'replace',
  'replaceAll',
  'slice',
  'substring',
  'split',
  'join',
  'toString',
  'concat',
  'at',
  'find',
  'filter',
  'map',
  'flatMap',
  'match',
]);
/** Array callbacks whose parameter is an element of the array they are called on. */
const ELEMENT_CALLBACKS = new Set([
  'map',
  'forEach',
  'filter',
  'find',
  'flatMap',
  'some',
  'every',
  'findLast',
]);
/** React hooks of the AI SDK whose result holds what the model wrote. */
const UI_HOOKS: Record<string, string[]> = {
  useChat: ['messages'],
  useCompletion: ['completion'],
  useAssistant: ['messages'],
};
const AI_UI_PACKAGES = /^(?:ai\/react|@ai-sdk\/react|ai\/svelte|@ai-sdk\/svelte|ai\/vue|@ai-sdk\/vue)$/;
const MAX_DEPTH = 10;

/**
 * The source text proving `node` holds what a model wrote — the result of a model call
 * (`completion.choices[0].message.content`, `const { text } = await generateText(…)`, tool-call
 * `arguments`), a LangChain model's `invoke`, or the messages of `useChat()` — followed through locals,
 * members, `JSON.parse`, Markdown renderers and string methods. Output the SDK parsed against a schema
 * (`generateObject`, `chat.completions.parse`) is validated; any other call ends the trail (a sanitizer,
 * a schema's `parse`, a function we do not follow).
 */
export function modelOutput(file: ParsedFile, node: Node | undefined, depth = 0): string | undefined {
  const n = unwrap(node);
  if (!n || depth > MAX_DEPTH) return undefined;
  switch (n.type) {
    case 'AwaitExpression':
      return modelOutput(file, n.argument, depth + 1);
    // A member is a step down the same expression: it cannot loop, so it costs no depth.
    case 'MemberExpression':
      return modelOutput(file, n.object, depth);
    case 'CallExpression':
      return callOutput(file, n, depth);
    case 'Identifier':
      return identifierOutput(file, n, depth);
    case 'TemplateLiteral':
      return first(file, n.expressions as Node[], depth);
    case 'BinaryExpression':
      return n.operator === '+' ? first(file, [n.left, n.right], depth) : undefined;
    case 'ConditionalExpression':
      return first(file, [n.consequent, n.alternate], depth);
    case 'LogicalExpression':
      return first(file, [n.left, n.right], depth);
    default:
      return undefined;
  }
}

function first(file: ParsedFile, nodes: Node[], depth: number): string | undefined {
  for (const node of nodes) {
    const found = modelOutput(file, node, depth + 1);
    if (found) return found;
  }
  return undefined;
}

function callOutput(file: ParsedFile, call: Node, depth: number): string | undefined {
  const llm = llmCall(file, call);
  if (llm) return llm.validated ? undefined : `the output of ${llm.name}()`;
  const name = dottedName(call.callee) ?? '';
  const args = call.arguments as Node[];
  if (KEEPS_TEXT.has(name)) return modelOutput(file, args[0], depth + 1);
  const callee = unwrap(call.callee);
  if (callee?.type !== 'MemberExpression' || callee.computed) return undefined;
  const method = callee.property.name as string;
  if (KEEPS_TEXT_METHODS.has(method)) return modelOutput(file, callee.object, depth);
  // LangChain: `await model.invoke(messages)` on a `new ChatOpenAI(…)`.
  if (/^(?:invoke|call|predict)$/.test(method) && langchainModel(file, callee.object))
    return `the output of ${dottedName(callee) ?? method}()`;
  return undefined;
}

function identifierOutput(file: ParsedFile, n: Node, depth: number): string | undefined {
  const init = file.localInit(n.name, n) ?? file.destructuredInit(n.name, n)?.init;
  if (init && init !== n) {
    const hook = hookOutput(file, init, n.name);
    if (hook) return hook;
    return modelOutput(file, init, depth + 1);
  }
  return elementOf(file, n, depth);
}

/** `const { messages } = useChat()`: the chat as the model wrote it. */
function hookOutput(file: ParsedFile, init: Node, name: string): string | undefined {
  const call = unwrap(init);
  if (call?.type !== 'CallExpression') return undefined;
  const hook = calledName(call.callee) ?? '';
  const binding = file.facts.imports[hook];
  const fields = UI_HOOKS[binding?.name ?? ''];
  return binding && AI_UI_PACKAGES.test(binding.from) && fields?.includes(name)
    ? `${name} from ${hook}()`
    : undefined;
}

/** `messages.map((m) => …)`: `m` is an element of a tainted array. */
function elementOf(file: ParsedFile, n: Node, depth: number): string | undefined {
  const fn = file.enclosingFunction(n);
  if (!fn || !(fn.params as Node[]).some((p) => unwrap(p)?.type === 'Identifier' && p.name === n.name))
    return undefined;
  const call = file.parent(fn);
  const callee = unwrap(call?.callee);
  if (call?.type !== 'CallExpression' || callee?.type !== 'MemberExpression' || callee.computed)
    return undefined;
  if (
    !ELEMENT_CALLBACKS.has(callee.property.name) ||
    (fn.params as Node[])[0] !== (fn.params as Node[]).find((p) => p.name === n.name)
  )
    return undefined;
  return modelOutput(file, callee.object, depth + 1);
}

function langchainModel(file: ParsedFile, receiver: Node): boolean {
  const r = unwrap(receiver);
  if (r?.type !== 'Identifier') return false;
  const init = unwrap(file.localInit(r.name, r) ?? file.topLevel.get(r.name));
  return init?.type === 'NewExpression' && LANGCHAIN_MODEL.test(calledName(init.callee) ?? '');
}
