/**
 * Deserialisers that revive functions — https://cheatsheetseries.owasp.org/cheatsheets/Deserialization_Cheat_Sheet.html
 * `node-serialize` `unserialize` runs an `_$$ND_FUNC$$_` function written as `…}()` (CVE-2017-5941);
 * `serialize-to-js` `deserialize` and `funcster` evaluate code by design; js-yaml `unsafeLoad` (and `load`
 * with the full schema) builds `!!js/function` values.
 */
import { type Node, dottedName, objectProperty, unwrap } from '../../extract/ast.js';
import { dependsOn, type Extractor } from '../../extract/extractor.js';
import type { ParsedFile } from '../../extract/parsed-file.js';
import { isTestFile } from '../../scan/test-files.js';
import { requestInput } from '../request-input.js';
import { type RuleMeta, addFinding } from '../rule.js';
import { moduleFunction } from './modules.js';
import { isConstant } from './tainted.js';

export const UNSAFE_DESERIALIZATION: RuleMeta = {
  id: 'deser.unsafe',
  severity: 'error',
  title: 'Data is deserialised by a library that can run code',
  fix: 'Use `JSON.parse` for data (revive dates or classes by hand), js-yaml `load` with the default schema (v4) or `safeLoad` (v3); remove node-serialize, serialize-to-js deserialisation and funcster.',
};

/** Module → its functions that evaluate what they read. */
const EVALUATING: Record<string, RegExp> = {
  'node-serialize': /^unserialize$/,
  'serialize-to-js': /^deserialize$/,
  funcster: /^(?:deepDeserialize|deserialize)$/,
  'js-yaml': /^unsafeLoad(?:All)?$/,
};
const MODULES = new Set(Object.keys(EVALUATING));
const FULL_SCHEMA = /DEFAULT_FULL_SCHEMA$/;

export const unsafeDeserialization: Extractor = {
  name: 'rules-deser-unsafe',
  detect: (repo) => dependsOn(repo, ...MODULES),
  prefilter: (text) => /node-serialize|serialize-to-js|funcster|js-yaml/.test(text),
  extract(file, facts) {
    if (isTestFile(file.path)) return;
    for (const call of file.calls) {
      const module = moduleOf(file, call);
      const fn = module ? moduleFunction(file, call, new Set([module])) : undefined;
      if (!module || !fn || !evaluates(module, fn, call)) continue;
      const data = (call.arguments as Node[])[0];
      if (!data || isConstant(file, data)) continue;
      const input = requestInput(file, data);
      const what = dottedName(unwrap(call.callee)) ?? fn;
      addFinding(file, facts, UNSAFE_DESERIALIZATION, call, {
        message: `${what}() deserialises ${input ? `request input (${input})` : `\`${shown(file, data)}\``} with ${module}, which can revive and run functions: whoever controls the data runs code on the server.`,
        subject: `${what}(${input ?? shown(file, data)})`,
        key: `${module}:${fn}:${input ?? shown(file, data)}`,
      });
    }
  },
};

/** Which of the evaluating modules the call's function comes from. */
function moduleOf(file: ParsedFile, call: Node): string | undefined {
  for (const module of MODULES) if (moduleFunction(file, call, new Set([module]))) return module;
  return undefined;
}

function evaluates(module: string, fn: string, call: Node): boolean {
  if (EVALUATING[module]?.test(fn)) return true;
  // js-yaml `load(text, { schema: yaml.DEFAULT_FULL_SCHEMA })`: v3's full schema runs `!!js/function`.
  if (module === 'js-yaml' && /^load(?:All)?$/.test(fn)) {
    const schema = objectProperty((call.arguments as Node[])[1], 'schema');
    return FULL_SCHEMA.test(dottedName(unwrap(schema)) ?? '');
  }
  return false;
}

function shown(file: ParsedFile, node: Node): string {
  const text = file.text.slice(node.start, node.end).replace(/\s+/g, ' ');
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
