import { type ParserOptions, parseSync, rawTransferSupported } from 'oxc-parser';
import type { Node } from '../extract/ast.js';
import type { Extractor } from '../extract/extractor.js';
import { type FileFacts, NO_FACTS, emptyFacts } from '../extract/facts.js';
import { ParsedFile } from '../extract/parsed-file.js';
import { scriptBlocks } from './sfc.js';
import { isTestFile } from './test-files.js';
import { readModule } from '../extract/python/modules.js';
import { readModels } from '../extract/python/pydantic.js';
import { parsePython, pythonParserLoaded } from '../extract/python/parser.js';
import { PyFile } from '../extract/python/py-file.js';

/**
 * On Node 22+ oxc-parser can hand the tree over through shared memory instead of JSON: the same ESTree,
 * built 2–4× faster (docs/performance.md). Node 20 takes the JSON path.
 */
const RAW_TRANSFER = rawTransferSupported();

export const SOURCE_EXTENSIONS = [
  '.ts',
  '.tsx',
  '.mts',
  '.cts',
  '.js',
  '.jsx',
  '.mjs',
  '.cjs',
  '.vue',
  '.svelte',
];

/** Python modules go to the Python extractors, through tree-sitter. */
export function isPythonFile(path: string): boolean {
  return path.endsWith('.py');
}

export function isSourceFile(path: string): boolean {
  const dot = path.lastIndexOf('.');
  return dot >= 0 && SOURCE_EXTENSIONS.includes(path.slice(dot).toLowerCase());
}

/**
 * The extractors that want a file: documents by name, source by a cheap text test. Decided once, where the
 * file is read; only files some extractor wants get a syntax tree (the costly part of parsing).
 */
export function wantedBy(path: string, text: string, extractors: readonly Extractor[]): Extractor[] {
  const python = isPythonFile(path);
  const document = !python && !isSourceFile(path);
  // Every linker and rule leaves test files out (their routes, calls and queries are not the app's), so
  // their trees are never needed: a sixth of a large repo's parsing. Their text still meets the text rules.
  if (!document && isTestFile(path)) return [];
  return extractors.filter(
    (extractor) =>
      (extractor.language === 'python') === python &&
      (!document || extractor.documents?.test(path)) &&
      extractor.prefilter(text, path),
  );
}

/**
 * Facts of one file from the extractors `wantedBy` chose. `moduleOnly` builds a syntax tree with none, for
 * the linker, which needs a file's exports and constants.
 */
export function analyzeFile(
  path: string,
  text: string,
  wanted: readonly Extractor[],
  moduleOnly = false,
): FileFacts {
  if (isPythonFile(path)) return analyzePython(path, text, wanted);
  if (!isSourceFile(path)) return analyzeDocument(path, text, wanted);
  if (wanted.length === 0 && !moduleOnly) return NO_FACTS;
  const lower = path.toLowerCase();
  const units =
    lower.endsWith('.vue') || lower.endsWith('.svelte')
      ? scriptBlocks(text).map((block) => ({ ...block, name: `${path}.${block.lang}` }))
      : [{ text, lineOffset: 0, name: path }];
  const merged = emptyFacts(true);
  for (const unit of units) {
    const options: ParserOptions & { experimentalRawTransfer?: boolean } = {
      // Create React App and many others put JSX in `.js` files; JSX is a superset for plain JS anyway.
      ...(/\.[cm]?js$/i.test(unit.name) ? { lang: 'jsx' as const } : {}),
      sourceType: 'module',
      preserveParens: false,
      experimentalRawTransfer: RAW_TRANSFER,
    };
    const result = parseSync(unit.name, unit.text, options);
    const fatal = result.errors.find((error) => error.severity === 'Error');
    if (fatal) {
      const label = fatal.labels?.[0];
      const where = label ? lineAt(unit.text, label.start) + unit.lineOffset : undefined;
      merged.diagnostics.push(`syntax error${where ? ` at line ${where}` : ''}: ${fatal.message}`);
      // oxc recovers from many errors; a tree with statements is still worth reading.
      if ((result.program.body as unknown[]).length === 0) continue;
    }
    const file = new ParsedFile(path, unit.text, result.program as unknown as Node, unit.lineOffset);
    for (const extractor of wanted) {
      try {
        extractor.extract(file, file.facts);
      } catch (error) {
        file.facts.diagnostics.push(`extractor ${extractor.name} failed: ${(error as Error).message}`);
      }
    }
    mergeFacts(merged, file.facts);
  }
  return merged;
}

/**
 * A Python module: its imports and names (for the linker), then what each wanted extractor reads. Without
 * the parser loaded (a module the linker reaches in a repo no Python extractor wanted) it yields nothing.
 */
function analyzePython(path: string, text: string, wanted: readonly Extractor[]): FileFacts {
  if (!pythonParserLoaded()) return NO_FACTS;
  const tree = parsePython(text);
  try {
    const file = new PyFile(path, text, tree.rootNode);
    readModule(file, file.facts);
    // Models are read wherever they are, as the linker reaches them: a route in one module takes its body
    // model from another (`app/models.py`) that no extractor's prefilter wanted.
    if (/\b(?:BaseModel|SQLModel|BaseSettings)\b/.test(text))
      Object.assign(file.facts.schemas, readModels(file));
    for (const extractor of wanted) {
      try {
        extractor.extractPython?.(file, file.facts);
      } catch (error) {
        file.facts.diagnostics.push(`extractor ${extractor.name} failed: ${(error as Error).message}`);
      }
    }
    return file.facts;
  } finally {
    // The tree lives in WebAssembly memory, which no garbage collector frees.
    tree.delete();
  }
}

/** Documents (OpenAPI specs) go to the extractors that asked for them by name. */
function analyzeDocument(path: string, text: string, extractors: readonly Extractor[]): FileFacts {
  // Marked parsed: a document is read whole here, so the linker never needs to read it again.
  const facts = emptyFacts(true);
  for (const extractor of extractors) {
    try {
      extractor.extractDocument?.(path, text, facts);
    } catch (error) {
      facts.diagnostics.push(`${extractor.name}: ${(error as Error).message}`);
    }
  }
  return facts;
}

/** A file some active extractor reads as a document. */
export function isDocumentFile(path: string, extractors: readonly Extractor[]): boolean {
  return extractors.some((extractor) => extractor.documents?.test(path));
}

/** Folds the facts of one script block into the file's: lists append, name tables merge. */
function mergeFacts(into: FileFacts, from: FileFacts): void {
  for (const key of Object.keys(from) as (keyof FileFacts)[]) {
    const source = from[key];
    const target = into[key];
    if (Array.isArray(source) && Array.isArray(target)) (target as unknown[]).push(...source);
    else if (target === undefined) Object.assign(into, { [key]: source });
    else if (typeof source === 'object' && typeof target === 'object') Object.assign(target, source);
  }
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
