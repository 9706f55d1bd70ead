import { closeSync, mkdirSync, openSync, readFileSync, readSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Cache files are one header line (what the content is valid for) and a JSON body. The header is read
 * alone first, so a stale cache costs a 512-byte read, not a parse of megabytes.
 *
 * Writes are deferred to the next turn of the event loop: the scan's result is ready before its caches are
 * written. A later read of the same file in this process writes it first, so nothing is ever read stale.
 */
const pending = new Map<string, () => void>();

export function readCacheFile<T>(file: string, header: string): T | undefined {
  pending.get(file)?.();
  try {
    if (readHeader(file) !== header) return undefined;
    const text = readFileSync(file, 'utf8');
    return JSON.parse(text.slice(text.indexOf('\n') + 1)) as T;
  } catch {
    // Missing or corrupt: as good as absent.
    return undefined;
  }
}

export function writeCacheFile(file: string, header: string, body: () => unknown): void {
  const write = () => {
    pending.delete(file);
    mkdirSync(dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, `${header}\n${JSON.stringify(body())}`);
    // Rename is atomic: a concurrent scan reads the old file or the new one, never half of one.
    renameSync(temp, file);
  };
  pending.set(file, write);
  setImmediate(() => pending.get(file)?.());
}

/** Writes every deferred cache file now (before a process exits on its own terms). */
export function flushCacheFiles(): void {
  for (const write of [...pending.values()]) write();
}

function readHeader(file: string): string | undefined {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(512);
    const length = readSync(fd, buffer, 0, buffer.length, 0);
    const newline = buffer.subarray(0, length).indexOf(10);
    return newline < 0 ? undefined : buffer.toString('utf8', 0, newline);
  } finally {
    closeSync(fd);
  }
}
