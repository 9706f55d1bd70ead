// Python scan benchmark: what Python backends cost a scan, next to the floor any scanner of them pays
// (parsing every .py file with the same tree-sitter grammar, on all cores), and their share of a scan of a
// mixed project (the TS/TSX tree of `npm run bench` plus the Python services as a second repo).
// Prints figures; asserts nothing.
//
//   npx tsx bench/python.ts [--lines N] [--fresh] [--floor-runs N]
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runScanChild } from './child.js';
import { minOf, parseFloor, readFloor } from './floors.js';
import { generatePythonTree } from './generate-python.js';

const WORK = path.join(path.dirname(fileURLToPath(import.meta.url)), '.work');
const PY_TREE = path.join(WORK, 'py-tree');
const PY_MANIFEST = path.join(WORK, 'py-tree.json');
// The scan bench's TS tree, when `npm run bench` has generated it.
const TS_TREE = path.join(WORK, 'tree');
const CACHE = path.join(WORK, 'py-cache');
const TARGET_OVER_FLOOR = 1.5;

const { values: args } = parseArgs({
  options: {
    lines: { type: 'string', default: '200000' },
    fresh: { type: 'boolean', default: false },
    'floor-runs': { type: 'string', default: '3' },
  },
});
const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);

async function prepare(targetLines: number): Promise<{ files: number; lines: number; bytes: number }> {
  const previous = await readFile(PY_MANIFEST, 'utf8').then(
    (t) => JSON.parse(t) as { targetLines: number; files: number; lines: number; bytes: number },
    () => undefined,
  );
  if (!args.fresh && previous?.targetLines === targetLines) return previous;
  log(`generating ~${targetLines} lines of Python into ${PY_TREE}`);
  await rm(PY_TREE, { recursive: true, force: true });
  await mkdir(PY_TREE, { recursive: true });
  const info = { targetLines, ...(await generatePythonTree(PY_TREE, targetLines)) };
  await writeFile(PY_MANIFEST, `${JSON.stringify(info)}\n`);
  return info;
}

async function main(): Promise<void> {
  const lines = Number(args.lines);
  const runs = Number(args['floor-runs']);
  if (!Number.isInteger(lines) || lines < 1) throw new Error(`--lines must be a positive integer`);
  const tree = await prepare(lines);
  const sources = (await readdir(PY_TREE, { recursive: true }))
    .filter((f) => f.endsWith('.py'))
    .map((f) => path.join(PY_TREE, f));
  const W = os.availableParallelism();
  await readFloor(sources);
  const read = await minOf(runs, () => readFloor(sources));
  const parse = await minOf(runs, () => parseFloor(sources, W, true, './py-parse-floor-worker.mjs'));
  await rm(CACHE, { recursive: true, force: true });
  const python = await runScanChild([PY_TREE], path.join(CACHE, 'py'), 'cold');
  const ms = (n: number) => `${Math.round(n).toLocaleString('en-US')} ms`;
  console.log(
    `python tree: ${sources.length} .py files, ${tree.lines.toLocaleString('en-US')} lines, ${(tree.bytes / 1e6).toFixed(1)} MB; ${W} workers`,
  );
  console.log(`read floor                           ${ms(read.ms)}`);
  console.log(`parse floor (tree-sitter-python)     ${ms(parse.ms)}  (${parse.errors} files with errors)`);
  const ratio = python.ms / parse.ms;
  console.log(
    `baton cold scan, Python only         ${ms(python.ms)}  = ${ratio.toFixed(2)}× the parse floor (target ≤ ${TARGET_OVER_FLOOR}×: ${ratio <= TARGET_OVER_FLOOR ? 'ok' : 'MISSED'}); ${python.endpoints} endpoints`,
  );
  if (!existsSync(TS_TREE)) {
    console.log('\n(no TS tree: run `npm run bench` once to measure the Python share of a mixed scan)');
    return;
  }
  const ts = await runScanChild([TS_TREE], path.join(CACHE, 'ts'), 'cold');
  const mixed = await runScanChild([TS_TREE, PY_TREE], path.join(CACHE, 'mixed'), 'cold');
  const share = (mixed.ms - ts.ms) / mixed.ms;
  console.log(`baton cold scan, TS tree only        ${ms(ts.ms)}  (${ts.files} files)`);
  console.log(`baton cold scan, TS + Python         ${ms(mixed.ms)}  (${mixed.files} files)`);
  console.log(
    `Python share of the mixed scan       ${(share * 100).toFixed(1)}% of the time for ${((tree.lines / (tree.lines + (await tsLines()))) * 100).toFixed(1)}% of the lines`,
  );
}

async function tsLines(): Promise<number> {
  const manifest = await readFile(path.join(WORK, 'tree.json'), 'utf8').catch(() => '{}');
  return (JSON.parse(manifest) as { lines?: number }).lines ?? 0;
}

await main();
