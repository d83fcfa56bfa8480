#!/usr/bin/env node
/**
 * The `relucert` executable.
 */
import { runCli } from './program.js';

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`relucert: internal error: ${String(e)}\n`);
    process.exitCode = 4;
  },
);
