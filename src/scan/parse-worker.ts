import { parentPort } from 'node:worker_threads';
import { extractorsNamed } from '../extract/registry.js';
import type { FileFacts } from '../extract/facts.js';
import { analyzeFile } from './analyze-file.js';

export interface WorkerTask {
  id: number;
  files: { path: string; text: string; extractors: string[] }[];
}

export interface WorkerReply {
  id: number;
  facts: FileFacts[];
}

parentPort?.on('message', (task: WorkerTask) => {
  const facts = task.files.map((file) => analyzeFile(file.path, file.text, extractorsNamed(file.extractors)));
  parentPort?.postMessage({ id: task.id, facts } satisfies WorkerReply);
});
