/**
 * Code built from request input — https://owasp.org/www-community/attacks/Code_Injection
 * `eval`, `new Function`, `node:vm` (`runInNewContext`, `runInContext`, `runInThisContext`, `new Script`,
 * `compileFunction`). Timers are left out on purpose: browsers evaluate `setTimeout('code')`, but Node throws
 * `ERR_INVALID_ARG_TYPE` on a string callback, so on a server it is a crash, not code injection.
 */
import { type Node, unwrap } from '../../extract/ast.js';
import type { Extractor } from '../../extract/extractor.js';
import { isTestFile } from '../../scan/test-files.js';
import { type RuleMeta, addFinding } from '../rule.js';
import { moduleFunction, nodeModule } from './modules.js';
import { taintedString } from './tainted.js';
import { mayHandleRequests } from '../errors/server-code.js';

export const CODE_INJECTION: RuleMeta = {
  id: 'inject.code',
  severity: 'error',
  title: 'Code built from request input is evaluated',
  fix: 'Never evaluate what a client sends: parse data with `JSON.parse`, map names to functions with a fixed object,. A `vm` context is not a sandbox.',
};

const VM = nodeModule('vm');
const VM_RUNNERS = new Set([
  'runInNewContext',
  'runInContext',
  'runInThisContext',
  'compileFunction',
  'Script',
]);

export const codeInjection: Extractor = {
  name: 'rules-inject-code',
  detect: () => true,
  prefilter: (text, path) => mayHandleRequests(path) && /\beval\s*\(|\bFunction\s*\(|\bvm\b/.test(text),
  extract(file, facts) {
    if (isTestFile(file.path)) return;
    for (const call of [...file.calls, ...file.news]) {
      const sink = sinkOf(call, moduleFunction(file, call, VM));
      if (!sink) continue;
      const args = call.arguments as Node[];
      // `new Function('a', 'b', body)`: every argument is source; the others take the code first.
      const code = sink === 'Function' ? args : args.slice(0, 1);
      for (const arg of code) {
        const tainted = taintedString(file, arg);
        if (!tainted) continue;
        addFinding(file, facts, CODE_INJECTION, call, {
          message: `${sink}() evaluates code built from request input (${tainted.proof}): a client can run any JavaScript in the server process.`,
          subject: `${sink}(${tainted.proof})`,
          key: `${sink}:${tainted.proof}`,
        });
        break;
      }
    }
  },
};

/** The evaluating API a call or `new` makes. */
function sinkOf(call: Node, vmFunction: string | undefined): string | undefined {
  if (vmFunction && VM_RUNNERS.has(vmFunction)) return `vm.${vmFunction}`;
  const callee = unwrap(call.callee);
  if (callee?.type === 'Identifier') {
    if (callee.name === 'eval' || callee.name === 'Function') return callee.name;
    return undefined;
  }
  // `global.eval(…)`.
  if (callee?.type === 'MemberExpression' && !callee.computed) {
    const object = unwrap(callee.object);
    const name = callee.property.name as string;
    if (object?.type === 'Identifier' && /^(?:global|globalThis|window)$/.test(object.name))
      if (name === 'eval') return name;
  }
  return undefined;
}
