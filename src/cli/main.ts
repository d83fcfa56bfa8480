#!/usr/bin/env node
/**
 * The `relucert` executable.
 */
import { runCli } from './program.js';

// A reader that stops early (`relucert … | head`) closes the pipe: that ends the output, it is
// not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`relucert: internal error: ${String(e)}\n`);
    process.exitCode = 4;
  },
);
