import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScanResult, SourceLocation } from '../scan/scan-result.js';

/** The lines of the files a result points into, each file read once (suppressions, the gate's excerpts). */
export class SourceLines {
  private readonly files = new Map<string, string[] | undefined>();

  constructor(private readonly result: ScanResult) {}

  /** 1-based; undefined when the file or the line is gone. */
  line(source: SourceLocation, offset = 0): string | undefined {
    return this.lines(source.repo, source.file)?.[source.line - 1 + offset];
  }

  private lines(repo: string, file: string): string[] | undefined {
    const key = `${repo}\u0000${file}`;
    if (!this.files.has(key)) {
      const root = this.result.repos.find((r) => r.name === repo)?.root;
      let text: string[] | undefined;
      try {
        text = root === undefined ? undefined : readFileSync(join(root, file), 'utf8').split('\n');
      } catch {
        text = undefined;
      }
      this.files.set(key, text);
    }
    return this.files.get(key);
  }
}
