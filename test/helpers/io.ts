/**
 * Runs kafka-lab in process: main(argv, io) with captured streams, as the unit tests of
 * commands do (no child process, no JVM). Several runs may go on at once: each has its own io.
 */
import { Readable, Writable } from 'node:stream';
import { main } from '../../src/cli.js';
import type { Io } from '../../src/output/io.js';

export interface MemoryIoOptions {
  /** what stdin holds (none: an empty, non-TTY stdin) */
  input?: string | Buffer;
  /** added to process.env (NO_COLOR=1 is set unless given) */
  env?: NodeJS.ProcessEnv;
  isTTY?: boolean;
  columns?: number;
}

export interface MemoryIo {
  io: Io;
  stdout(): string;
  stderr(): string;
}

function sink(isTTY: boolean | undefined, columns: number | undefined): { stream: Writable & { isTTY?: boolean; columns?: number }; text(): string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
      cb();
    },
  });
  return { stream: Object.assign(stream, { isTTY, columns }), text: () => Buffer.concat(chunks).toString('utf8') };
}

export function memoryIo(opts: MemoryIoOptions = {}): MemoryIo {
  const out = sink(opts.isTTY, opts.columns);
  const err = sink(opts.isTTY, opts.columns);
  const stdin = Object.assign(Readable.from(opts.input === undefined ? [] : [Buffer.from(opts.input)]), { isTTY: false });
  return {
    io: { stdout: out.stream, stderr: err.stream, stdin, env: { ...process.env, NO_COLOR: '1', ...opts.env } },
    stdout: out.text,
    stderr: err.text,
  };
}

export interface InProcessResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  ms: number;
}

/** kafka-lab <args>, in process. */
export async function runMain(args: string[], opts: MemoryIoOptions = {}): Promise<InProcessResult> {
  const m = memoryIo(opts);
  const start = Date.now();
  const exitCode = await main(args, m.io);
  return { stdout: m.stdout(), stderr: m.stderr(), exitCode, ms: Date.now() - start };
}
