// One Baton scan in its own process, so maxRSS and JIT warm-up are this scan's alone. Runs the compiled
// package (`npm run build` first) with plain Node: what users run, and no TypeScript loader in the way.
// Usage: node bench/scan-child.mjs <tree>[,<tree>…] <cacheDir> <mode> [workers]  (several trees: one repo each)
import { scan } from '../dist/index.js';

const [tree, cacheDir, mode, workers] = process.argv.slice(2);
const started = performance.now();
const result = await scan({
  paths: tree.split(','),
  cacheDir,
  ...(workers ? { workers: Number(workers) } : {}),
});
const ms = performance.now() - started;
const { files, bytes, parsedFiles, cachedFiles, unresolvedCalls } = result.stats;
process.stdout.write(
  `${JSON.stringify({
    mode,
    ms,
    maxRssKb: process.resourceUsage().maxRSS,
    files,
    bytes,
    parsedFiles,
    cachedFiles,
    unresolvedCalls,
    endpoints: result.endpoints.length,
    calls: result.calls.length,
  })}\n`,
);
