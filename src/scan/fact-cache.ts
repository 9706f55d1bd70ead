import { createHash, hash } from 'node:crypto';
import { join } from 'node:path';
import { type FileFacts, NO_FACTS } from '../extract/facts.js';
import { readCacheFile, writeCacheFile } from './cache-file.js';
import type { WalkedFile } from './walk.js';

/** Bump when the shape of cached facts changes without a version bump (during development). */
const FORMAT = 4;

interface Entry {
  hash: string;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

interface CacheFile {
  signature: string;
  savedAt: number;
  entries: Record<string, Entry>;
  /** `0` stands for "nothing here": most files hold no facts, and the cache loads faster without them. */
  facts: Record<string, FileFacts | 0>;
}

/**
 * Facts per file content hash, one file per repo under `.baton/cache/`. An unchanged file is never read: its
 * stat (size, mtime, ctime, inode) proves it unchanged; a changed stat with the same content is re-hashed
 * and still not parsed. The signature (Baton version + extractors) invalidates everything at once.
 */
export class FactCache {
  private readonly next: CacheFile;
  private changed = false;

  private constructor(
    private readonly file: string | undefined,
    private readonly previous: CacheFile | undefined,
    signature: string,
  ) {
    this.next = { signature, savedAt: Date.now(), entries: {}, facts: {} };
  }

  static open(cacheDir: string | undefined, repoRoot: string, signature: string): FactCache {
    const fullSignature = `${FORMAT}:${signature}`;
    if (!cacheDir) return new FactCache(undefined, undefined, fullSignature);
    const file = join(cacheDir, `${repoKey(repoRoot)}.facts.json`);
    const previous = readCacheFile<CacheFile>(file, fullSignature);
    return new FactCache(file, previous, fullSignature);
  }

  /** Facts for a file whose stat proves it unchanged since the cache was written. */
  /** Whether `byStat` would answer for the file, without reading its facts. */
  hasFresh(file: WalkedFile): boolean {
    const entry = this.previous?.entries[file.path];
    return (
      entry !== undefined &&
      this.previous !== undefined &&
      file.mtimeMs < this.previous.savedAt - 2000 &&
      entry.size === file.size &&
      entry.mtimeMs === file.mtimeMs &&
      entry.ctimeMs === file.ctimeMs &&
      entry.ino === file.ino
    );
  }

  byStat(file: WalkedFile): FileFacts | undefined {
    const entry = this.previous?.entries[file.path];
    if (!entry || !this.previous) return undefined;
    // A file modified within the clock's resolution of the save could look unchanged ("racy" stat).
    if (file.mtimeMs >= this.previous.savedAt - 2000) return undefined;
    if (entry.size !== file.size || entry.mtimeMs !== file.mtimeMs || entry.ctimeMs !== file.ctimeMs)
      return undefined;
    if (entry.ino !== file.ino) return undefined;
    const facts = inflate(this.previous.facts[entry.hash]);
    if (facts) this.keep(file, entry.hash, facts);
    return facts;
  }

  byHash(file: WalkedFile, hash: string): FileFacts | undefined {
    const facts = inflate(this.next.facts[hash] ?? this.previous?.facts[hash]);
    if (facts) this.keep(file, hash, facts);
    return facts;
  }

  put(file: WalkedFile, hash: string, facts: FileFacts): void {
    this.changed = true;
    this.keep(file, hash, facts);
  }

  /** Replaces facts found wanting (the linker needed a full module read of a pre-filtered file). */
  upgrade(path: string, facts: FileFacts): void {
    const entry = this.next.entries[path];
    if (!entry) return;
    this.next.facts[entry.hash] = facts;
    this.changed = true;
  }

  save(): void {
    if (!this.file) return;
    const before = this.previous ? Object.keys(this.previous.entries).length : -1;
    if (!this.changed && before === Object.keys(this.next.entries).length) return;
    const next = this.next;
    writeCacheFile(this.file, next.signature, () => next);
  }

  private keep(file: WalkedFile, hash: string, facts: FileFacts): void {
    const { size, mtimeMs, ctimeMs, ino } = file;
    const previous = this.previous?.entries[file.path];
    if (!previous || previous.hash !== hash || previous.mtimeMs !== mtimeMs) this.changed = true;
    this.next.entries[file.path] = { hash, size, mtimeMs, ctimeMs, ino };
    this.next.facts[hash] = isNothing(facts) ? 0 : facts;
  }
}

function inflate(facts: FileFacts | 0 | undefined): FileFacts | undefined {
  return facts === 0 ? NO_FACTS : facts;
}

function isNothing(facts: FileFacts): boolean {
  // Unparsed facts hold nothing but diagnostics; documents are marked parsed when read.
  return facts === NO_FACTS || (!facts.parsed && facts.diagnostics.length === 0);
}

/** A short stable name for a repo root, for its cache files. */
export function repoKey(repoRoot: string): string {
  return createHash('sha1').update(repoRoot).digest('hex').slice(0, 16);
}

export function contentHash(buffer: Buffer): string {
  // One-shot hashing skips a Hash object per file: measurably faster over tens of thousands of files.
  return hash('sha1', buffer, 'base64');
}
