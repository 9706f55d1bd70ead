// Python syntax trees from tree-sitter's Python grammar, run as WebAssembly (web-tree-sitter): no native
// build, no Python on the machine, and the scanned code is never run. Loaded once per thread, on the first
// Python file an extractor wants.
import { createRequire } from 'node:module';
import { BatonError } from '../../errors.js';
import type { Tree } from 'web-tree-sitter';

type TreeSitter = typeof import('web-tree-sitter');

let parser: InstanceType<TreeSitter['Parser']> | undefined;
let loading: Promise<void> | undefined;

/** Loads the parser and the grammar. Safe to call many times; later calls reuse the first load. */
export function loadPythonParser(): Promise<void> {
  loading ??= (async () => {
    const { Parser, Language } = (await import('web-tree-sitter')) as TreeSitter;
    await Parser.init();
    const grammar = createRequire(import.meta.url).resolve('tree-sitter-python/tree-sitter-python.wasm');
    const language = await Language.load(grammar);
    parser = new Parser();
    parser.setLanguage(language);
  })().catch((error: unknown) => {
    loading = undefined;
    throw new BatonError('internal', 'could not load the Python parser (web-tree-sitter)', { cause: error });
  });
  return loading;
}

export function pythonParserLoaded(): boolean {
  return parser !== undefined;
}

/** The syntax tree of a Python file; `loadPythonParser()` must have finished. The caller deletes the tree. */
export function parsePython(text: string): Tree {
  if (!parser) throw new BatonError('internal', 'parsePython needs `await loadPythonParser()` first');
  const tree = parser.parse(text);
  if (!tree) throw new BatonError('internal', 'the Python parser returned no tree');
  return tree;
}
