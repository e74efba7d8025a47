#!/usr/bin/env node
import { runCli } from './cli';

// exitCode, not exit(): stdout is flushed first (a large --json document into a pipe).
void runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  // Only touched when a command asks a question: an unused stdin never holds the process open.
  get stdin() {
    return process.stdin;
  },
}).then((code) => {
  process.exitCode = code;
});
