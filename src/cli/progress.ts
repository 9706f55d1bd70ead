import type { ScanProgress } from '../scan/scan.js';

/** Appears only on a terminal, and only once a scan has run for a second: quick scans stay quiet. */
export function progressReporter(stream: NodeJS.WriteStream): {
  update: (p: ScanProgress) => void;
  stop: () => void;
} {
  if (!stream.isTTY) return { update: () => {}, stop: () => {} };
  const startedAt = Date.now();
  let shown = false;
  let last = 0;
  return {
    update(progress) {
      const now = Date.now();
      if (now - startedAt < 1000 || now - last < 80) return;
      last = now;
      shown = true;
      const width = 24;
      const ratio = progress.total > 0 ? Math.min(1, progress.done / progress.total) : 0;
      const bar = '#'.repeat(Math.round(ratio * width)).padEnd(width, '.');
      stream.write(`\r\x1b[2K${progress.phase.padEnd(5)} [${bar}] ${progress.done}/${progress.total}`);
    },
    stop() {
      if (shown) stream.write('\r\x1b[2K');
    },
  };
}
