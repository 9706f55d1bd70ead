import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SourceLocation } from '../scan/scan-result.js';
import { walkRepo } from '../scan/walk.js';

const CODE = /\.(?:[cm]?[jt]sx?|vue|svelte|py|sql|prisma)$/i;
const MAX_FILE_BYTES = 1024 * 1024;
const MAX_HITS = 50;

export interface SymbolHit {
  kind: string;
  source: SourceLocation;
  text: string;
}

/**
 * Where a name is declared in the repos' code: functions, classes, variables, types, Python defs, SQL
 * tables. The name is an identifier (checked by the caller) and is matched as a whole word at a
 * declaration keyword, line by line — linear time, whatever the file holds. Files are read, never run.
 */
export function findDeclarations(
  repos: readonly { name: string; root: string }[],
  name: string,
): SymbolHit[] {
  const escaped = name.replace(/[$]/g, '\\$');
  const declaration = new RegExp(
    `^\\s*(?:export\\s+)?(?:default\\s+)?(?:async\\s+)?(?:declare\\s+)?(?:abstract\\s+)?(function\\*?|class|const|let|var|interface|type|enum|def|model|create\\s+table(?:\\s+if\\s+not\\s+exists)?)\\s+(?:"?[\\w]+"?\\.)?"?${escaped}"?(?![\\w$])`,
    'i',
  );
  const hits: SymbolHit[] = [];
  for (const repo of repos) {
    let files: { path: string; size: number }[];
    try {
      files = walkRepo(repo.root).files;
    } catch {
      continue;
    }
    for (const file of files) {
      if (!CODE.test(file.path) || file.size > MAX_FILE_BYTES) continue;
      let text: string;
      try {
        text = readFileSync(join(repo.root, file.path), 'utf8');
      } catch {
        continue;
      }
      if (!text.includes(name)) continue;
      const lines = text.split('\n');
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i] as string;
        if (line.length > 2000 || !line.includes(name)) continue;
        const match = declaration.exec(line);
        if (!match) continue;
        hits.push({
          kind: (match[1] as string)
            .toLowerCase()
            .replace(/\s+.*/, ' table')
            .replace('create table', 'table'),
          source: { repo: repo.name, file: file.path, line: i + 1, column: line.indexOf(name) + 1 },
          text: line.trim().slice(0, 200),
        });
        if (hits.length >= MAX_HITS) return hits;
      }
    }
  }
  return hits;
}
