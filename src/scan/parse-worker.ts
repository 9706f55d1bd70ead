import { parentPort } from 'node:worker_threads';
import { needs } from '../extract/extractor.js';
import { extractorsNamed } from '../extract/registry.js';
import type { FileFacts } from '../extract/facts.js';
import { loadPythonParser } from '../extract/python/parser.js';
import { loadSqlParser } from '../schema/read-sql.js';
import { analyzeFile } from './analyze-file.js';

export interface WorkerTask {
  id: number;
  files: { path: string; text: string; extractors: string[] }[];
}

export interface WorkerReply {
  id: number;
  facts: FileFacts[];
}

parentPort?.on('message', async (task: WorkerTask) => {
  const files = task.files.map((file) => ({ ...file, wanted: extractorsNamed(file.extractors) }));
  // Each thread loads the PostgreSQL parser the first time a file needs it; replies are matched by id.
  if (files.some((file) => file.wanted.some((extractor) => needs(extractor, 'sql-parser'))))
    await loadSqlParser();
  if (files.some((file) => file.wanted.some((extractor) => needs(extractor, 'python-parser'))))
    await loadPythonParser();
  const facts = files.map((file) => analyzeFile(file.path, file.text, file.wanted));
  parentPort?.postMessage({ id: task.id, facts } satisfies WorkerReply);
});
