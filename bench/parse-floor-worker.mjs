// Worker for bench/floors.ts parseFloor(). Plain JS on purpose: it must start like a shipped tool's
// worker would, without a TypeScript loader in the way.
// Protocol: receives arrays of absolute file paths, replies { files, errors } after each batch.
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { parseSync, rawTransferSupported } from 'oxc-parser';

const buildTree = Boolean(workerData?.buildTree);
// Baton builds trees through raw transfer where the Node version allows it; so does the floor, to stay fair.
const raw = buildTree && rawTransferSupported();
// Keeps the touched values observable so the engine cannot treat the property reads as dead code.
let sink = 0;

parentPort.on('message', (files) => {
  let errors = 0;
  for (const file of files) {
    const result = parseSync(file, readFileSync(file, 'utf8'), {
      sourceType: 'module',
      preserveParens: false,
      experimentalRawTransfer: raw,
    });
    // `program` is a lazy getter: reading it deserialises the whole AST into JS objects (the costly
    // part). `module` is the small import/export summary every scanner needs anyway.
    sink += buildTree ? result.program.body.length : result.module.staticImports.length;
    errors += result.errors.length;
  }
  parentPort.postMessage({ files: files.length, errors, sink });
});
