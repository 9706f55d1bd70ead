/**
 * Controllers: request handlers defined in one file and attached to routes in another
 * (`router.post('/register', authController.register)`). Records what each named handler reads, for the
 * linker to join to the route — `export function register(req, res)`, `exports.register = …`,
 * `module.exports = { register(req, res) {…} }`, `export default { list: async (req, res) => … }`.
 */
import { type Node, isFunction, propertyName } from './ast.js';
import { resolveHandler } from './router-scopes.js';
import { readHandler } from './express-handler.js';
import { type Extractor, dependsOn } from './extractor.js';
import type { FileFacts } from './facts.js';

const READS_REQUEST = /\breq(?:uest)?\.(?:body|query)\b|\bres\.(?:json|status|send)\s*\(/;

export const expressControllers: Extractor = {
  name: 'express-controllers',
  detect: (repo) => dependsOn(repo, 'express'),
  prefilter: (text) => READS_REQUEST.test(text),
  extract(file, facts) {
    for (const [name, node] of file.topLevel) {
      const value = resolveHandler(file, node);
      if (!value) continue;
      if (isHandler(value)) record(facts, name, value);
      else if (value.type === 'ObjectExpression')
        for (const property of value.properties as Node[]) {
          const key = property.type === 'Property' ? propertyName(property) : undefined;
          const member = resolveHandler(file, property.value as Node);
          if (key && member && isHandler(member)) record(facts, `${name}.${key}`, member);
        }
    }
  },
};

/** A function taking at least `(req, res)` (wrappers like `asyncHandler(…)` are seen through by resolveHandler). */
function isHandler(node: Node): boolean {
  return isFunction(node) && (node.params as Node[]).length >= 2;
}

function record(facts: FileFacts, name: string, fn: Node): void {
  const read = readHandler(fn, {});
  if (read.bodyFields.length > 0 || read.bodyOpen || read.queryFields.length > 0 || read.responses.length > 0)
    facts.handlers[name] = read;
}
