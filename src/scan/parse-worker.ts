import { parentPort } from 'node:worker_threads';
import { extractorsNamed } from '../extract/registry.js';
import type { FileFacts } from '../extract/facts.js';
import { analyzeFile } from './analyze-file.js';

export interface WorkerTask {
  id: number;
  extractors: string[];
  files: { path: string; text: string }[];
}

export interface WorkerReply {
  id: number;
  facts: FileFacts[];
}

parentPort?.on('message', (task: WorkerTask) => {
  const extractors = extractorsNamed(task.extractors);
  const facts = task.files.map((file) => analyzeFile(file.path, file.text, extractors));
  parentPort?.postMessage({ id: task.id, facts } satisfies WorkerReply);
});
