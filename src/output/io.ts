/**
 * The streams and environment a command runs with. bin/kafka-lab.js runs main() with the
 * process's own (processIo); tests run main(argv, io) in process with captured streams. Each
 * main() call scopes its io with AsyncLocalStorage, so that everything it calls (the output
 * layer, paths, the engine) sees that io and several runs can go on at once.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** A stream kafka-lab writes to; isTTY and columns as Node's tty streams have them. */
export type OutputStream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
export type InputStream = NodeJS.ReadableStream & { isTTY?: boolean };

export interface Io {
  stdout: OutputStream;
  stderr: OutputStream;
  stdin: InputStream;
  env: NodeJS.ProcessEnv;
}

export function processIo(): Io {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };
}

interface Run {
  io: Io;
  /** set by setExitCode: how the run ends when no error says otherwise */
  exitCode?: number;
}

const runs = new AsyncLocalStorage<Run>();

/** The io of the main() call under way (the process's own outside one). */
export function currentIo(): Io {
  return runs.getStore()?.io ?? processIo();
}

/** The environment of the run under way: the default wherever code reads settings. */
export function currentEnv(): NodeJS.ProcessEnv {
  return currentIo().env;
}

/** Runs fn with io as the current io; returns its result and the exit code it set, if any. */
export async function withIo<T>(io: Io, fn: () => Promise<T>): Promise<{ result: T; exitCode?: number }> {
  const run: Run = { io };
  const result = await runs.run(run, fn);
  return { result, exitCode: run.exitCode };
}

/**
 * Says how the run under way ends when nothing fails (e.g. 1 when a checked condition does not
 * hold, 130 after Ctrl-C), instead of process.exitCode, which every run in a process shares.
 */
export function setExitCode(code: number): void {
  const run = runs.getStore();
  if (run) run.exitCode = code;
  else process.exitCode = code;
}
