import { type Node, dottedName, objectProperty, unwrap, walk } from '../../extract/ast.js';
import type { Extractor } from '../../extract/extractor.js';
import { usesLlm } from './llm-calls.js';
import type { ParsedFile } from '../../extract/parsed-file.js';
import { isTestFile } from '../../scan/test-files.js';
import { type RuleMeta, addFinding } from '../rule.js';
import { modelOutput } from './model-output.js';

export const OUTPUT_EXEC: RuleMeta = {
  id: 'ai.output-exec',
  severity: 'error',
  title: "A model's output is run as code, SQL, a shell command or HTML",
  fix: 'Treat model output as untrusted input: parse it against a schema and act only on allowed values (an allow-list of commands, a parameterised query built by your code), and sanitize HTML (DOMPurify) before rendering it.',
};

const SHELL_CALLS =
  /^(?:exec|execSync|spawn|spawnSync|execFile|execFileSync|execa|execaSync|execaCommand|execaCommandSync)$/;
const SHELL_MODULES = /^(?:node:)?child_process$|^execa$|^shelljs$/;
const SQL_CALLS = /^(?:query|execute|\$queryRawUnsafe|\$executeRawUnsafe|unsafe|raw)$/;
/** Database handles whose `exec`/`run`/`all` take SQL (better-sqlite3, sqlite, knex, a pool). */
const DB_RECEIVER =
  /(?:^|\.)(?:db|database|sql|sqlite|knex|prisma|pool|client|conn|connection|sequelize|pg|mysql|tx|trx)$/i;
const SQL_WORDS = /\b(?:select|insert|update|delete|create|drop|alter|with)\b/i;

/**
 * Model output — the text of a completion, a tool call's arguments, the messages of `useChat()` — reaching
 * `eval`/`new Function`/`vm`, `child_process` and execa, a SQL query string (`db.query(sql)`,
 * `$queryRawUnsafe`, `knex.raw`), or HTML (`dangerouslySetInnerHTML`, `innerHTML`, `document.write`)
 * without validation. A prompt injection then becomes code execution, SQL injection or XSS. Output parsed
 * against a schema (`generateObject`, `chat.completions.parse`, a zod `parse` after `JSON.parse`), passed
 * through a sanitizer or given as a query parameter is not reported; AI SDK tool `execute` arguments are
 * parsed against the tool's schema and are not followed either.
 */
export const outputExec: Extractor = {
  name: 'ai-output-exec',
  detect: usesLlm,
  prefilter: (text) =>
    /completions|responses\.|messages\.(?:create|stream)|generateText|streamText|useChat|useCompletion|useAssistant|invoke\(/.test(
      text,
    ) &&
    /eval\(|Function\(|runIn|exec|spawn|execa|query\(|execute\(|raw\(|Unsafe|innerHTML|dangerouslySetInnerHTML|insertAdjacentHTML|document\.write|\.run\(|\.all\(/.test(
      text,
    ),
  extract(file, facts) {
    if (isTestFile(file.path)) return;
    const report = (at: Node, sink: string, kind: string, value: Node | undefined) => {
      const output = modelOutput(file, value);
      if (!output) return;
      addFinding(file, facts, OUTPUT_EXEC, at, {
        message: `${sink} runs model output as ${kind} (${output}): whoever can steer the prompt — a user, a document it reads — chooses what runs.`,
        subject: sink,
        key: `${sink}\u0000${output}`,
      });
    };
    for (const call of [...file.calls, ...file.news]) {
      const sink = callSink(file, call);
      if (sink) report(call, sink.name, sink.kind, sink.value);
    }
    walk(file.program, (node) => {
      if (node.type === 'AssignmentExpression' && (node.operator === '=' || node.operator === '+=')) {
        const target = unwrap(node.left);
        const property =
          target?.type === 'MemberExpression' && !target.computed ? target.property.name : undefined;
        if (property === 'innerHTML' || property === 'outerHTML')
          report(node, `.${property} =`, 'HTML', node.right);
      } else if (node.type === 'JSXAttribute' && node.name?.name === 'dangerouslySetInnerHTML') {
        const container = unwrap(node.value?.expression);
        const html = container?.type === 'ObjectExpression' ? objectProperty(container, '__html') : undefined;
        report(node, 'dangerouslySetInnerHTML', 'HTML', html);
      }
    });
  },
};

function callSink(
  file: ParsedFile,
  call: Node,
): { name: string; kind: string; value: Node | undefined } | undefined {
  const name = dottedName(call.callee);
  if (!name) return undefined;
  const args = call.arguments as Node[];
  const dot = name.lastIndexOf('.');
  const receiver = dot < 0 ? '' : name.slice(0, dot);
  const method = name.slice(dot + 1);
  const sink = (kind: string, value: Node | undefined) => ({ name: `${name}()`, kind, value });
  if (name === 'eval' || name === 'Function')
    return sink('code', name === 'Function' ? args.at(-1) : args[0]);
  // `setTimeout(fn)` runs a function; only a string argument is code.
  if (/^set(?:Timeout|Interval)$/.test(name) && unwrap(args[0])?.type === 'TemplateLiteral')
    return sink('code', args[0]);
  if (/^(?:runInNewContext|runInThisContext|runInContext|compileFunction)$/.test(method))
    return sink('code', args[0]);
  if (SHELL_CALLS.test(method)) {
    const module = receiver
      ? file.facts.imports[receiver.split('.')[0] as string]?.from
      : file.facts.imports[name]?.from;
    if (module && SHELL_MODULES.test(module)) return sink('a shell command', args[0]);
  }
  // A query given model output as a parameter (`query(sql, [text])`) is safe; only the SQL string counts.
  if (receiver && SQL_CALLS.test(method) && looksLikeSql(file, args[0])) return sink('SQL', args[0]);
  if (
    /^(?:exec|run|all|get|prepare)$/.test(method) &&
    DB_RECEIVER.test(receiver) &&
    looksLikeSql(file, args[0])
  )
    return sink('SQL', args[0]);
  if (method === 'insertAdjacentHTML') return sink('HTML', args[1]);
  if (/^document\.write(?:ln)?$/.test(name)) return sink('HTML', args[0]);
  return undefined;
}

/** A query string: written with SQL words around the model's text, or the text alone handed to a query. */
function looksLikeSql(file: ParsedFile, value: Node | undefined): boolean {
  const n = unwrap(value);
  if (!n) return false;
  if (n.type === 'TemplateLiteral')
    return (n.quasis as Node[]).some((q) => SQL_WORDS.test(q.value?.cooked ?? ''));
  if (n.type === 'BinaryExpression') return SQL_WORDS.test(file.text.slice(n.start, n.end));
  // `db.query(sql)` where `sql` is what the model wrote: text-to-SQL.
  return n.type === 'Identifier' || n.type === 'MemberExpression' || n.type === 'CallExpression';
}
