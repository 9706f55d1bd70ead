/**
 * Path traversal — https://owasp.org/www-community/attacks/Path_Traversal
 * A file path built from request input reaches the file system: `../../etc/passwd` (or an absolute path, which
 * `path.join`/`path.resolve` honour) reads or overwrites any file the server can. `path.basename(input)`
 * keeps only a file name and is safe; a handler that checks the resolved path against its folder
 * (`startsWith`, `path.relative`) or rejects `..` is left alone: the check decides, and it is the handler's.
 */
import { type Node, dottedName, unwrap, walk } from '../../extract/ast.js';
import type { Extractor } from '../../extract/extractor.js';
import type { ParsedFile } from '../../extract/parsed-file.js';
import { isTestFile } from '../../scan/test-files.js';
import { mayHandleRequests } from '../errors/server-code.js';
import { requestInput } from '../request-input.js';
import { type RuleMeta, addFinding } from '../rule.js';
import { moduleFunction } from './modules.js';
import { resolveLocal } from './tainted.js';

export const PATH_TRAVERSAL: RuleMeta = {
  id: 'inject.path',
  severity: 'error',
  title: 'A file path is built from request input',
  fix: 'Keep only a file name (`path.basename(input)`) or look the name up in an allow-list; if a sub-path is needed, resolve it and check it stays inside the folder: `const p = path.resolve(base, input); if (!p.startsWith(base + path.sep)) return res.sendStatus(400)`.',
};

const FS = new Set(['fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'fs-extra']);
const FS_FUNCTIONS =
  /^(?:readFile|readFileSync|createReadStream|createWriteStream|writeFile|writeFileSync|appendFile|appendFileSync|unlink|unlinkSync|rm|rmSync|readdir|readdirSync|open|openSync|copyFile|copyFileSync|rename|renameSync|outputFile|outputFileSync|remove|removeSync)$/;
const SEND_FILE = /^(?:sendFile|download)$/;
const PATH_BUILDERS = /^(?:path\.)?(?:join|resolve|normalize)$/;
// What a handler does when it checks where a path lands.
const CONTAINMENT =
  /\.includes\(\s*['"][/\\]['"]|\.startsWith\(|path\.relative\(|\brelative\(|\.includes\(\s*['"]\.\.['"]|\.indexOf\(\s*['"]\.\.['"]|realpath/;

export const pathTraversal: Extractor = {
  name: 'rules-inject-path',
  detect: () => true,
  prefilter: (text, path) =>
    mayHandleRequests(path) &&
    (/\bfs\b|fs-extra|fs\/promises/.test(text) || /\.(?:sendFile|download)\(/.test(text)),
  extract(file, facts) {
    if (isTestFile(file.path)) return;
    for (const call of file.calls) {
      const callee = unwrap(call.callee);
      const fsFunction = moduleFunction(file, call, FS);
      const sends =
        callee?.type === 'MemberExpression' && !callee.computed && SEND_FILE.test(callee.property.name ?? '');
      const fn =
        fsFunction && FS_FUNCTIONS.test(fsFunction) ? fsFunction : sends ? callee.property.name : undefined;
      if (!fn) continue;
      const input = pathInput(file, (call.arguments as Node[])[0], 0);
      if (!input || checksContainment(file, call)) continue;
      addFinding(file, facts, PATH_TRAVERSAL, call, {
        message: `${dottedName(callee) ?? fn}() opens a path built from request input (${input}): \`../\` segments or an absolute path reach any file the server can read or write.`,
        subject: `${fn}(${input})`,
        key: `${fn}:${input}`,
      });
    }
  },
};

/** The request input a path carries, through local names, `path.join`/`resolve` and concatenation. */
function pathInput(file: ParsedFile, node: Node | undefined, depth: number): string | undefined {
  if (depth > 4) return undefined;
  const resolved = resolveLocal(file, node)?.node;
  if (!resolved) return undefined;
  if (resolved.type === 'CallExpression') {
    const name = dottedName(unwrap(resolved.callee)) ?? '';
    // `path.basename(input)` is a bare file name: it cannot leave the folder it is joined to.
    if (/(?:^|\.)basename$/.test(name)) return undefined;
    if (PATH_BUILDERS.test(name)) {
      for (const argument of resolved.arguments as Node[]) {
        const found = pathInput(file, argument, depth + 1);
        if (found) return found;
      }
      return undefined;
    }
  }
  if (resolved.type === 'TemplateLiteral' || resolved.type === 'BinaryExpression') {
    const parts =
      resolved.type === 'TemplateLiteral'
        ? (resolved.expressions as Node[])
        : [resolved.left, resolved.right];
    for (const part of parts) {
      const found = pathInput(file, part, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  return requestInput(file, resolved);
}

/** The enclosing handler checks where the path lands before (or instead of) using it. */
function checksContainment(file: ParsedFile, call: Node): boolean {
  const fn = file.enclosingFunction(call);
  if (!fn) return false;
  let found = false;
  walk(fn, (node) => {
    if (!found && node.type === 'CallExpression' && node.start < call.start)
      found = CONTAINMENT.test(file.text.slice(node.start, node.end));
  });
  return found;
}
