import { type Node, unwrap } from '../../extract/ast.js';
import type { ParsedFile } from '../../extract/parsed-file.js';
import { requireSource } from '../../extract/parsed-file.js';

/**
 * The function of `modules` a call makes, if any: `exec(…)` after `import { exec } from 'child_process'`,
 * `cp.exec(…)` on a namespace or default import, `require('child_process').exec(…)`. Undefined for calls
 * that cannot be traced to one of the modules (a local `exec` is someone else's).
 */
export function moduleFunction(
  file: ParsedFile,
  call: Node,
  modules: ReadonlySet<string>,
): string | undefined {
  const callee = unwrap(call.callee);
  if (callee?.type === 'Identifier') {
    const binding = file.facts.imports[callee.name];
    if (binding && modules.has(binding.from))
      return binding.name === 'default' || binding.name === '*' ? 'default' : binding.name;
    return requiredMember(file, callee.name, modules);
  }
  if (callee?.type !== 'MemberExpression' || callee.computed) return undefined;
  const object = unwrap(callee.object);
  const from =
    object?.type === 'Identifier'
      ? file.facts.imports[object.name]
      : object
        ? { from: requireSource(object), name: 'default' }
        : undefined;
  if (!from?.from || !modules.has(from.from)) return undefined;
  if (from.name !== 'default' && from.name !== '*') return undefined;
  return callee.property.name as string;
}

/** `child_process` and its `node:` spelling. */
export function nodeModule(name: string): Set<string> {
  return new Set([name, `node:${name}`]);
}

/** `const exec = require('child_process').exec` at the top of the file: `exec`. */
function requiredMember(file: ParsedFile, name: string, modules: ReadonlySet<string>): string | undefined {
  const init = unwrap(file.topLevel.get(name));
  if (init?.type !== 'MemberExpression' || init.computed) return undefined;
  const from = requireSource(init.object);
  return from && modules.has(from) ? (init.property.name as string) : undefined;
}
