// Worker for bench/python.ts: parses Python files with the same web-tree-sitter grammar Baton uses, the
// unavoidable cost of reading a Python tree. Receives arrays of absolute paths, replies after each batch.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parentPort } from 'node:worker_threads';
import { Language, Parser } from 'web-tree-sitter';

const require = createRequire(import.meta.url);
await Parser.init();
const parser = new Parser();
parser.setLanguage(await Language.load(require.resolve('tree-sitter-python/tree-sitter-python.wasm')));
let sink = 0;

parentPort.on('message', (files) => {
  let errors = 0;
  for (const file of files) {
    const tree = parser.parse(readFileSync(file, 'utf8'));
    if (tree?.rootNode.hasError) errors++;
    sink += tree?.rootNode.childCount ?? 0;
    tree?.delete();
  }
  parentPort.postMessage({ files: files.length, errors, sink });
});
