#!/usr/bin/env node
// The compiled CLI lives in dist/ (built by `prepare` on npm install); this shim keeps `bin` stable.
import { main } from '../dist/cli/main.js';

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`baton: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
