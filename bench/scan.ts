// Scan benchmark: Baton against the floors any scanner pays on a generated ~1M-line monorepo.
// Prints figures next to their targets; asserts nothing (exit code 0 whatever the numbers).
//
//   npx tsx bench/scan.ts [--lines N] [--fresh] [--json] [--workers N] [--floor-runs N] [--floors-only]
//
// Baton's scans run in child processes (bench/scan-child.mjs, on the compiled package): maxRSS is
// process-wide, so only a process that did nothing but one scan gives a clean peak-memory figure.
import { execFileSync } from 'node:child_process';
import { appendFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type ChildFigures, type Mode, runScanChild } from './child.js';
import { minOf, parseFloor, readFloor } from './floors.js';
import { generateTree } from './generate-tree.js';

const SCRIPT = fileURLToPath(import.meta.url);
const WORK = path.join(path.dirname(SCRIPT), '.work');
const TREE = path.join(WORK, 'tree');
const CACHE = path.join(WORK, 'cache');
// Outside the tree so the scanner never sees it.
const MANIFEST = path.join(WORK, 'tree.json');
const SOURCE = /\.(?:[cm]?[jt]s|[jt]sx)$/;

const TARGETS = { coldOverFloor: 1.5, warmOverCold: 0.1, oneFileMs: 300, peakRssMb: 1536 };

interface TreeInfo {
  targetLines: number;
  files: number;
  lines: number;
  bytes: number;
}

const { values: args } = parseArgs({
  options: {
    lines: { type: 'string', default: '1000000' },
    fresh: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    workers: { type: 'string' },
    'floor-runs': { type: 'string', default: '3' },
    'floors-only': { type: 'boolean', default: false },
  },
});
function positiveInt(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${flag} must be a positive integer, got '${value}'`);
  return n;
}
const workers = args.workers === undefined ? undefined : positiveInt('workers', args.workers);
const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);

function runChild(mode: Mode): Promise<ChildFigures> {
  return runScanChild([TREE], CACHE, mode, workers);
}

async function prepareTree(targetLines: number): Promise<TreeInfo & { generatedMs?: number }> {
  const previous = await readFile(MANIFEST, 'utf8').then(
    (t) => JSON.parse(t) as TreeInfo,
    () => undefined,
  );
  if (!args.fresh && previous?.targetLines === targetLines) {
    log(`reusing ${TREE} (${previous.lines} lines)`);
    return previous;
  }
  log(`generating ~${targetLines} lines into ${TREE}`);
  await rm(TREE, { recursive: true, force: true });
  await rm(MANIFEST, { force: true });
  await mkdir(TREE, { recursive: true });
  const started = performance.now();
  const info = { targetLines, ...(await generateTree(TREE, targetLines)) };
  const generatedMs = performance.now() - started;
  // A work tree of its own: otherwise git resolves the enclosing repo, which ignores bench/.work/.
  execFileSync('git', ['init', '-q'], { cwd: TREE });
  await writeFile(MANIFEST, `${JSON.stringify(info)}\n`);
  return { ...info, generatedMs };
}

function listSources(): string[] {
  const out = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], {
    cwd: TREE,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return out
    .split('\0')
    .filter((f) => SOURCE.test(f))
    .sort()
    .map((f) => path.join(TREE, f));
}

async function main(): Promise<void> {
  const tree = await prepareTree(positiveInt('lines', args.lines));
  const sources = listSources();
  const W = os.availableParallelism();
  const runs = positiveInt('floor-runs', args['floor-runs']);
  log(`${sources.length} source files; floors with ${W} workers, best of ${runs}`);
  await readFloor(sources); // untimed: every later figure then sees the same warm page cache
  const read = await minOf(runs, () => readFloor(sources));
  const parseNoTree = await minOf(runs, () => parseFloor(sources, W, false));
  const parseTree = await minOf(runs, () => parseFloor(sources, W, true));
  const floors = {
    readMs: read.ms,
    parseNoTreeMs: parseNoTree.ms,
    parseTreeMs: parseTree.ms,
    parseErrors: parseTree.errors,
  };

  let baton: Record<Mode, ChildFigures> | undefined;
  if (!args['floors-only']) {
    log('baton: cold scan');
    await rm(CACHE, { recursive: true, force: true });
    const cold = await runChild('cold');
    log('baton: warm rescan');
    const warm = await runChild('warm');
    // Append to a route file (one the scanner must re-extract endpoints from), then put it back.
    const touched = sources.find((f) => /\/routes\/(?!index\.)[^/]+\.ts$/.test(f)) ?? (sources[0] as string);
    const original = await readFile(touched);
    let one: ChildFigures;
    try {
      await appendFile(touched, `// bench: touched at ${new Date().toISOString()}\n`);
      log(`baton: rescan after changing ${path.relative(TREE, touched)}`);
      one = await runChild('one');
    } finally {
      await writeFile(touched, original);
    }
    baton = { cold, warm, one };
  }
  report(tree, sources.length, W, floors, baton);
}

function report(
  tree: TreeInfo & { generatedMs?: number },
  sourceFiles: number,
  W: number,
  floors: { readMs: number; parseNoTreeMs: number; parseTreeMs: number; parseErrors: number },
  baton: Record<Mode, ChildFigures> | undefined,
): void {
  const peakRssMb = baton
    ? Math.max(baton.cold.maxRssKb, baton.warm.maxRssKb, baton.one.maxRssKb) / 1024
    : undefined;
  const ratios = baton && {
    coldOverParseNoTree: baton.cold.ms / floors.parseNoTreeMs,
    coldOverParseTree: baton.cold.ms / floors.parseTreeMs,
    warmOverCold: baton.warm.ms / baton.cold.ms,
  };
  if (args.json) {
    const json = {
      tree: { ...tree, sourceFiles },
      workers: W,
      batonWorkers: workers ?? null,
      floors,
      baton,
      ratios,
      peakRssMb,
      targets: TARGETS,
    };
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    return;
  }
  const ms = (n: number) => `${Math.round(n).toLocaleString('en-US')} ms`;
  const times = (n: number) => `${n.toFixed(2)}×`;
  const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');
  const rows: [string, string, string, string][] = [
    ['read floor (all bytes)', ms(floors.readMs), '', ''],
    [`parse floor, no JS tree (${W} workers)`, ms(floors.parseNoTreeMs), '', ''],
    [`parse floor, JS tree built (${W} workers)`, ms(floors.parseTreeMs), '', ''],
  ];
  if (baton && ratios && peakRssMb !== undefined) {
    rows.push(
      ['baton cold scan', ms(baton.cold.ms), '', `process ${ms(baton.cold.wallMs)}`],
      [
        '  cold / parse floor (no tree)',
        times(ratios.coldOverParseNoTree),
        `≤ ${TARGETS.coldOverFloor}×`,
        verdict(ratios.coldOverParseNoTree <= TARGETS.coldOverFloor),
      ],
      [
        '  cold / parse floor (tree)',
        times(ratios.coldOverParseTree),
        `≤ ${TARGETS.coldOverFloor}×`,
        verdict(ratios.coldOverParseTree <= TARGETS.coldOverFloor),
      ],
      ['baton warm rescan', ms(baton.warm.ms), '', `process ${ms(baton.warm.wallMs)}`],
      [
        '  warm / cold',
        `${(ratios.warmOverCold * 100).toFixed(1)}%`,
        `≤ ${TARGETS.warmOverCold * 100}%`,
        verdict(ratios.warmOverCold <= TARGETS.warmOverCold),
      ],
      [
        'baton one-file change',
        ms(baton.one.ms),
        `≤ ${TARGETS.oneFileMs} ms`,
        `${verdict(baton.one.ms <= TARGETS.oneFileMs)} (process ${ms(baton.one.wallMs)})`,
      ],
      [
        'peak RSS (worst scan)',
        `${peakRssMb.toFixed(0)} MB`,
        `≤ ${TARGETS.peakRssMb} MB`,
        verdict(peakRssMb <= TARGETS.peakRssMb),
      ],
    );
  }
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]?.length ?? 0)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i === 1 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const generated = tree.generatedMs === undefined ? 'reused' : `generated in ${ms(tree.generatedMs)}`;
  console.log(
    `tree: ${tree.files} files (${sourceFiles} sources), ${tree.lines.toLocaleString('en-US')} lines, ${(tree.bytes / 1e6).toFixed(1)} MB, ${generated}`,
  );
  console.log(`floor parse errors: ${floors.parseErrors}; baton workers: ${workers ?? 'default'}\n`);
  console.log(rows.map(line).join('\n'));
  if (baton) {
    console.log('\nscan      files  parsed  cached  endpoints  calls  unresolved  maxRSS');
    for (const run of [baton.cold, baton.warm, baton.one]) {
      const cells = [
        run.files,
        run.parsedFiles,
        run.cachedFiles,
        run.endpoints,
        run.calls,
        run.unresolvedCalls,
      ];
      const widthsOf = [5, 6, 6, 9, 5, 10];
      const body = cells.map((c, i) => String(c).padStart(widthsOf[i] ?? 0)).join('  ');
      console.log(`${run.mode.padEnd(6)}  ${body}  ${(run.maxRssKb / 1024).toFixed(0)} MB`);
    }
  }
}

await main();
