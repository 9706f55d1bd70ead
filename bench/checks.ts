// Check benchmark: Baton's full `check` next to the usual Node security linters — ESLint with
// eslint-plugin-security's recommended rules, and secretlint's recommended preset — on the same files, in
// one run. Prints seconds, findings and the ratio per tree, and on the deliberately vulnerable apps the
// overlap of findings (same file, line within ±2) with every finding only the linters report, for a person
// to judge. Asserts nothing (exit code 0 whatever the numbers).
//
//   npx tsx bench/checks.ts [--apps DIR] [--only NAME,...] [--tree DIR ...] [--runs N] [--threads N] [--json]
//
// The apps are public repositories checked out under --apps (default /tmp/apps, or $BATON_APPS), one folder
// each, named as in APPS below; missing ones are skipped with a note. Their code is never committed here.
// Every tool runs as its CLI in a child process, cold (Baton with --no-cache, ESLint without --cache), on
// a warm page cache (the bench reads every file first). Baton runs from $BATON_BIN (default bin/baton.js,
// which loads dist/: `npm run bench:checks` builds first).
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isIgnoredPath } from '../src/scan/ignore-rules.js';
import { decodeSource } from '../src/scan/read-source.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WORK = path.join(ROOT, 'bench', '.work', 'checks');
const BATON_BIN = path.resolve(process.env.BATON_BIN ?? path.join(ROOT, 'bin', 'baton.js'));
const ESLINT_BIN = path.join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');
const SECRETLINT_BIN = path.join(ROOT, 'node_modules', 'secretlint', 'bin', 'secretlint.js');
const ESLINT_CONFIG = path.join(WORK, 'eslint.config.mjs');
const SOURCE = /\.(?:[cm]?[jt]s|[jt]sx)$/;
// Baton's own read limit (--max-file-size default): a larger file is skipped by it, so by the peers too.
const MAX_FILE_BYTES = 1024 * 1024;
const NEAR_LINES = 2;
const TARGET_RATIO = 10;

type Kind = 'large' | 'vulnerable' | 'production';
/** Folder name under --apps → where it comes from (GitHub owner/name) and why it is in the set. */
const APPS: { name: string; repo: string; kind: Kind }[] = [
  { name: 'outline', repo: 'outline/outline', kind: 'large' },
  { name: 'nodegoat', repo: 'OWASP/NodeGoat', kind: 'vulnerable' },
  { name: 'dvna', repo: 'appsecco/dvna', kind: 'vulnerable' },
  { name: 'juice-shop', repo: 'juice-shop/juice-shop', kind: 'vulnerable' },
  { name: 'nodejs-goof', repo: 'snyk-labs/nodejs-goof', kind: 'vulnerable' },
  { name: 'vulnerable-node', repo: 'cr0hn/vulnerable-node', kind: 'vulnerable' },
  { name: 'ghostfolio', repo: 'ghostfolio/ghostfolio', kind: 'production' },
  { name: 'umami', repo: 'umami-software/umami', kind: 'production' },
  { name: 'nodebb', repo: 'NodeBB/NodeBB', kind: 'production' },
];

const { values: args } = parseArgs({
  options: {
    apps: { type: 'string', default: process.env.BATON_APPS ?? '/tmp/apps' },
    only: { type: 'string' },
    tree: { type: 'string', multiple: true, default: [] },
    runs: { type: 'string', default: '1' },
    threads: { type: 'string', default: String(os.availableParallelism()) },
    json: { type: 'boolean', default: false },
  },
});
const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);

/** One finding of any tool, located by repo-relative file and 1-based line. */
interface Hit {
  tool: 'baton' | 'eslint' | 'secretlint';
  rule: string;
  file: string;
  line: number;
  message: string;
}
interface Run {
  seconds: number;
  hits: Hit[];
  /** Files the tool could not parse (ESLint), or Baton's API mismatches: counted, not compared. */
  other: number;
}
interface TreeFiles {
  sources: string[]; // repo-relative, what ESLint lints
  texts: string[]; // repo-relative, every text file Baton would read: what secretlint reads
  lines: number; // lines of the sources
  skipped: number; // minified, binary or over the size limit
}
interface TreeFigures {
  name: string;
  kind: Kind | 'extra';
  dir: string;
  files: TreeFiles;
  baton: Run;
  eslint: Run;
  eslintThreaded?: Run;
  secretlint: Run;
}

/**
 * The files Baton reads, by its own rules (ignored directories, lockfiles, generated suffixes, binary,
 * minified, size), so the peers lint exactly those and not a vendored bundle Baton skips. Reading them all
 * here also warms the page cache for every tool alike. The repos' .gitignore is not applied: the apps are
 * `git archive` checkouts, which hold tracked files only.
 */
function listTree(root: string): TreeFiles {
  const out: TreeFiles = { sources: [], texts: [], lines: 0, skipped: 0 };
  const pending = [''];
  while (pending.length > 0) {
    const dir = pending.pop() as string;
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!isIgnoredPath(`${rel}/x`)) pending.push(rel);
        continue;
      }
      if (!entry.isFile() || isIgnoredPath(rel)) continue;
      const absolute = path.join(root, rel);
      if (lstatSync(absolute).size > MAX_FILE_BYTES) {
        out.skipped++;
        continue;
      }
      const read = decodeSource(readFileSync(absolute));
      if (!('text' in read)) {
        out.skipped++;
        continue;
      }
      out.texts.push(rel);
      if (SOURCE.test(rel)) {
        out.sources.push(rel);
        out.lines += read.text.split('\n').length;
      }
    }
  }
  out.sources.sort();
  out.texts.sort();
  return out;
}

/** Runs a CLI to completion; resolves with its wall time and stdout, whatever its exit code (linters exit 1 on findings). */
function runCli(
  args: string[],
  cwd: string,
): Promise<{ seconds: number; stdout: string; code: number | null }> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (code !== null && code > 1) {
        reject(new Error(`${path.basename(args[0] ?? '')} exited with ${code}: ${stderr.slice(-800)}`));
        return;
      }
      resolve({ seconds, stdout, code });
    });
  });
}

/** Best of `runs`: noise on a shared machine only ever adds time. */
async function bestOf(runs: number, measure: () => Promise<Run>): Promise<Run> {
  let best: Run | undefined;
  for (let i = 0; i < runs; i++) {
    const run = await measure();
    if (!best || run.seconds < best.seconds) best = run;
  }
  return best as Run;
}

interface BatonFinding {
  rule: string;
  message: string;
  source: { repo: string; file: string; line: number };
}

async function runBaton(dir: string): Promise<Run> {
  const { seconds, stdout } = await runCli([BATON_BIN, 'check', '--json', '--no-cache', dir], dir);
  const verdict = JSON.parse(stdout) as { findings: BatonFinding[]; mismatches: unknown[] };
  const hits = verdict.findings.map((f): Hit => {
    // One repo per app: files are relative to it; a nested repo (baton.config.json) sits under its name.
    const direct = existsSync(path.join(dir, f.source.file));
    const file = direct ? f.source.file : `${f.source.repo}/${f.source.file}`;
    return { tool: 'baton', rule: f.rule, file, line: f.source.line, message: f.message };
  });
  return { seconds, hits, other: verdict.mismatches.length };
}

/** A flat config of its own, outside every scanned tree: the security plugin's recommended rules only. */
function writeEslintConfig(): void {
  mkdirSync(WORK, { recursive: true });
  writeFileSync(
    ESLINT_CONFIG,
    `// Written by bench/checks.ts. Resolves its imports from ${ROOT}/node_modules.
import security from 'eslint-plugin-security';
import tsParser from '@typescript-eslint/parser';

export default [
  {
    files: ['**/*.{js,jsx,ts,tsx,mjs,cjs,mts,cts}'],
    languageOptions: {
      parser: tsParser,
      ecmaVersion: 'latest',
      sourceType: 'module',
      // typescript-estree ignores this for .ts (never JSX) and .tsx (always JSX) by extension.
      parserOptions: { ecmaFeatures: { jsx: true } },
    },
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    plugins: { security },
    rules: security.configs.recommended.rules,
  },
];
`,
  );
}

interface EslintFile {
  filePath: string;
  messages: { ruleId: string | null; line?: number; message: string; fatal?: boolean }[];
}

async function runEslint(dir: string, files: TreeFiles, threads: number, out: string): Promise<Run> {
  const args = [ESLINT_BIN, '--config', ESLINT_CONFIG, '--format', 'json', '--output-file', out];
  if (threads > 1) args.push('--concurrency', String(threads));
  args.push('--no-warn-ignored', '--no-error-on-unmatched-pattern', ...files.sources);
  const { seconds } = await runCli(args, dir);
  const report = JSON.parse(readFileSync(out, 'utf8')) as EslintFile[];
  const hits: Hit[] = [];
  let parseErrors = 0;
  for (const file of report) {
    const rel = path.relative(dir, file.filePath).split(path.sep).join('/');
    for (const m of file.messages) {
      if (m.fatal) parseErrors++;
      // Only the plugin's rules: an app's inline comments can name rules of plugins not loaded here.
      else if (m.ruleId?.startsWith('security/'))
        hits.push({ tool: 'eslint', rule: m.ruleId, file: rel, line: m.line ?? 1, message: m.message });
    }
  }
  return { seconds, hits, other: parseErrors };
}

interface SecretlintFile {
  filePath: string;
  messages: { ruleId: string; loc: { start: { line: number } }; message: string }[];
}

async function runSecretlint(dir: string, files: TreeFiles, out: string): Promise<Run> {
  const config = JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] });
  const args = [SECRETLINT_BIN, '--secretlintrcJSON', config, '--format', 'json', '--output', out];
  args.push('--no-glob', ...files.texts);
  const { seconds } = await runCli(args, dir);
  const report = JSON.parse(readFileSync(out, 'utf8')) as SecretlintFile[];
  const hits = report.flatMap((file) =>
    file.messages.map(
      (m): Hit => ({
        tool: 'secretlint',
        rule: m.ruleId.replace('@secretlint/secretlint-rule-', 'secretlint/'),
        file: path.relative(dir, file.filePath).split(path.sep).join('/'),
        line: m.loc.start.line,
        message: m.message,
      }),
    ),
  );
  return { seconds, hits, other: 0 };
}

async function measureTree(name: string, kind: TreeFigures['kind'], dir: string): Promise<TreeFigures> {
  const files = listTree(dir);
  const runs = positiveInt('runs', args.runs);
  const threads = positiveInt('threads', args.threads);
  const out = (tool: string) => path.join(WORK, `${name}.${tool}.json`);
  log(`${name}: ${files.sources.length} sources, ${files.lines.toLocaleString('en-US')} lines`);
  log(`${name}: baton check`);
  const baton = await bestOf(runs, () => runBaton(dir));
  log(`${name}: eslint (one thread)`);
  const eslint = await bestOf(runs, () => runEslint(dir, files, 1, out('eslint')));
  let eslintThreaded: Run | undefined;
  if (threads > 1) {
    log(`${name}: eslint --concurrency ${threads}`);
    eslintThreaded = await bestOf(runs, () => runEslint(dir, files, threads, out('eslint-threads')));
  }
  log(`${name}: secretlint`);
  const secretlint = await bestOf(runs, () => runSecretlint(dir, files, out('secretlint')));
  return { name, kind, dir, files, baton, eslint, ...(eslintThreaded ? { eslintThreaded } : {}), secretlint };
}

interface Overlap {
  both: Hit[]; // linter hits Baton also reports near
  onlyPeers: Hit[];
  onlyBaton: Hit[];
}

/** Same file, lines within ±2: a rule may point at the call and another at its argument a line below. */
function overlap(tree: TreeFigures): Overlap {
  const peers = [...tree.eslint.hits, ...tree.secretlint.hits];
  const near = (a: Hit, b: Hit) => a.file === b.file && Math.abs(a.line - b.line) <= NEAR_LINES;
  return {
    both: peers.filter((p) => tree.baton.hits.some((b) => near(p, b))),
    onlyPeers: peers.filter((p) => !tree.baton.hits.some((b) => near(p, b))),
    onlyBaton: tree.baton.hits.filter((b) => !peers.some((p) => near(p, b))),
  };
}

/** The line a hit points at, trimmed — never for a secret, whose line would print it. */
function codeAt(dir: string, hit: Hit): string {
  if (hit.tool === 'secretlint') return hit.message.slice(0, 100);
  const line = readFileSync(path.join(dir, hit.file), 'utf8').split('\n')[hit.line - 1]?.trim() ?? '';
  return line.length > 100 ? `${line.slice(0, 99)}…` : line;
}

function countBy<T>(items: readonly T[], key: (item: T) => string): [string, number][] {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]);
}

function positiveInt(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${flag} must be a positive integer, got '${value}'`);
  return n;
}

const fmtInt = (n: number) => n.toLocaleString('en-US');
const secs = (n: number) => n.toFixed(2);
const perKloc = (hits: number, lines: number) => ((hits / Math.max(lines, 1)) * 1000).toFixed(2);

function table(rows: string[][]): string {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => r[i]?.length ?? 0)));
  return rows
    .map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  '))
    .join('\n');
}

function report(trees: TreeFigures[]): void {
  const rows = [
    [
      'tree',
      'lines',
      'baton s',
      'eslint s',
      `eslint×${args.threads} s`,
      'secretlint s',
      'eslint÷baton',
      `eslint×${args.threads}÷baton`,
      '(eslint+secretlint)÷baton',
      'baton findings',
      'eslint',
      'secretlint',
      'baton /kLOC',
      'eslint /kLOC',
    ],
  ];
  for (const t of trees) {
    const threaded = t.eslintThreaded?.seconds;
    rows.push([
      `${t.name} (${t.kind})`,
      fmtInt(t.files.lines),
      secs(t.baton.seconds),
      secs(t.eslint.seconds),
      threaded === undefined ? '–' : secs(threaded),
      secs(t.secretlint.seconds),
      `${(t.eslint.seconds / t.baton.seconds).toFixed(1)}×`,
      threaded === undefined ? '–' : `${(threaded / t.baton.seconds).toFixed(1)}×`,
      `${((t.eslint.seconds + t.secretlint.seconds) / t.baton.seconds).toFixed(1)}×`,
      String(t.baton.hits.length),
      String(t.eslint.hits.length),
      String(t.secretlint.hits.length),
      perKloc(t.baton.hits.length, t.files.lines),
      perKloc(t.eslint.hits.length, t.files.lines),
    ]);
  }
  console.log(`Baton: ${BATON_BIN}; ${os.availableParallelism()} cores; best of ${args.runs} run(s)`);
  console.log(`target: eslint÷baton ≥ ${TARGET_RATIO}× on the large tree\n`);
  console.log(table(rows));
  console.log('\nnot compared: ESLint parse errors / Baton API mismatches per tree');
  for (const t of trees) console.log(`  ${t.name}: ${t.eslint.other} / ${t.baton.other}`);

  for (const t of trees) {
    const o = overlap(t);
    const byRule = (hits: Hit[]) =>
      countBy(hits, (h) => h.rule)
        .map(([rule, n]) => `${rule} ${n}`)
        .join(', ');
    console.log(
      `\n${t.name}: both ${o.both.length} · only eslint/secretlint ${o.onlyPeers.length} · only baton ${o.onlyBaton.length}`,
    );
    if (o.onlyPeers.length > 0) console.log(`  only eslint/secretlint: ${byRule(o.onlyPeers)}`);
    if (o.onlyBaton.length > 0) console.log(`  only baton: ${byRule(o.onlyBaton)}`);
    if (t.kind !== 'vulnerable') continue;
    // Every finding only the linters report, for a person to judge which ones are real.
    const listing = o.onlyPeers.map((h) => `${h.file}:${h.line}  ${h.rule}  ${codeAt(t.dir, h)}`);
    const file = path.join(WORK, `${t.name}.only-peers.txt`);
    writeFileSync(file, `${listing.join('\n')}\n`);
    console.log(`  listed in ${path.relative(ROOT, file)}`);
    const shown = o.onlyPeers.filter((h) => h.rule !== 'security/detect-object-injection');
    for (const line of shown.map((h) => `${h.file}:${h.line}  ${h.rule}  ${codeAt(t.dir, h)}`))
      console.log(`    ${line}`);
    if (shown.length < o.onlyPeers.length)
      console.log(`    (+ ${o.onlyPeers.length - shown.length} detect-object-injection: see the file)`);
  }
}

async function main(): Promise<void> {
  if (!existsSync(BATON_BIN)) throw new Error(`no Baton CLI at ${BATON_BIN} (set BATON_BIN)`);
  writeEslintConfig();
  const wanted = args.only?.split(',');
  const trees: TreeFigures[] = [];
  for (const app of APPS) {
    if (wanted && !wanted.includes(app.name)) continue;
    const dir = path.join(args.apps, app.name);
    if (!existsSync(dir)) {
      log(`${app.name}: not in ${args.apps} (check out ${app.repo} from GitHub there); skipped`);
      continue;
    }
    trees.push(await measureTree(app.name, app.kind, dir));
  }
  for (const dir of args.tree) trees.push(await measureTree(path.basename(dir), 'extra', path.resolve(dir)));
  if (args.json) {
    const json = trees.map(({ files, baton, eslint, eslintThreaded, secretlint, ...t }) => ({
      ...t,
      lines: files.lines,
      sources: files.sources.length,
      texts: files.texts.length,
      seconds: {
        baton: baton.seconds,
        eslint: eslint.seconds,
        eslintThreaded: eslintThreaded?.seconds,
        secretlint: secretlint.seconds,
      },
      findings: { baton: baton.hits.length, eslint: eslint.hits.length, secretlint: secretlint.hits.length },
      overlap: Object.fromEntries(
        Object.entries(overlap({ files, baton, eslint, secretlint, ...t })).map(([k, v]) => [k, v.length]),
      ),
    }));
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    return;
  }
  report(trees);
}

await main();
