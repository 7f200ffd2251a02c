/**
 * The single output layer: text / table / json for listings, colour only on a TTY
 * (NO_COLOR and FORCE_COLOR honoured), progress spinners only on a TTY.
 * Commands print through here so that formats behave the same everywhere; everything is
 * written to the streams of the current io (io.ts), never to process.stdout directly.
 */
import { createRequire } from 'node:module';
import { Chalk, type ChalkInstance } from 'chalk';
import { UsageError } from '../errors.js';
import { currentIo, type OutputStream } from './io.js';

export { currentEnv, currentIo, processIo, setExitCode, withIo, type InputStream, type Io, type OutputStream } from './io.js';

export type OutputFormat = 'text' | 'table' | 'json';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['text', 'table', 'json'];

export function colourLevel(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = currentIo().env): 0 | 1 | 2 | 3 {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  if (env.FORCE_COLOR !== undefined) {
    const n = Number(env.FORCE_COLOR);
    if (env.FORCE_COLOR === '' || env.FORCE_COLOR === 'true') return 1;
    return (Number.isFinite(n) ? Math.max(0, Math.min(3, n)) : 1) as 0 | 1 | 2 | 3;
  }
  if (!stream.isTTY) return 0;
  if (env.TERM === 'dumb') return 0;
  return 1;
}

const chalks = new WeakMap<OutputStream, ChalkInstance>();
function chalkFor(stream: OutputStream): ChalkInstance {
  let c = chalks.get(stream);
  if (!c) chalks.set(stream, (c = new Chalk({ level: colourLevel(stream, currentIo().env) })));
  return c;
}
/** Chalk for stdout text. */
export function colour(): ChalkInstance {
  return chalkFor(currentIo().stdout);
}
/** Chalk for stderr text (errors, warnings, logs). */
export function colourErr(): ChalkInstance {
  return chalkFor(currentIo().stderr);
}

/** Writes to stdout as it is (no newline added): record streams, tool output passed through. */
export function write(text: string | Uint8Array): void {
  currentIo().stdout.write(text);
}

/** Writes to stderr as it is. */
export function writeErr(text: string | Uint8Array): void {
  currentIo().stderr.write(text);
}

export function out(text: string): void {
  currentIo().stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

export function info(text: string): void {
  currentIo().stderr.write(text.endsWith('\n') ? text : `${text}\n`);
}

export function warn(message: string): void {
  info(colourErr().yellow(`warning: ${message}`));
}

export interface TableData {
  head: string[];
  rows: (string | number | null | undefined)[][];
}

export function renderTable(data: TableData): string {
  // cli-table3 is CommonJS; createRequire keeps it out of start-up until a table is drawn
  const Table = requireCjs('cli-table3') as new (opts: object) => { push(row: unknown[]): void; toString(): string };
  const c = colour();
  const table = new Table({
    head: data.head.map((h) => c.bold(h)),
    style: { head: [], border: [] },
  });
  for (const row of data.rows) table.push(row.map((v) => (v === null || v === undefined ? '-' : String(v))));
  return table.toString();
}

/**
 * The same data as plain columns, two spaces apart, no borders (what `--output text` prints for
 * listings of kafka-lab's own, like kubectl or rpk): narrow enough for a terminal, easy to grep.
 */
export function renderColumns(data: TableData): string {
  const cells = [data.head.map((h) => h.toUpperCase()), ...data.rows.map((r) => r.map((v) => (v === null || v === undefined ? '-' : String(v))))];
  const widths = data.head.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells
    .map((r) =>
      r
        .map((v, i) => (i === r.length - 1 ? v : v.padEnd(widths[i]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function renderJson(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

export interface Presentation {
  text: () => string;
  table?: () => TableData;
  json: () => unknown;
}

/** Prints a listing in the requested format. `text` must reproduce Kafka's own output. */
export function present(format: OutputFormat | undefined, p: Presentation): void {
  const f = format ?? 'text';
  if (f === 'json') {
    out(renderJson(p.json()));
  } else if (f === 'table') {
    if (!p.table) throw new UsageError('this command has no table output', 'Use --output text or --output json.');
    out(renderTable(p.table()));
  } else {
    const t = p.text();
    if (t.length > 0) out(t);
  }
}

const requireCjs = createRequire(import.meta.url);

export interface Spinner {
  update(text: string): void;
  succeed(text?: string): void;
  fail(text?: string): void;
  stop(): void;
}

/**
 * An ora spinner on a TTY (stderr); silent elsewhere so that logs and pipes stay clean.
 * discardStdin stays off: ora would put the terminal in raw mode (no ISIG), and its own Ctrl-C
 * relay never reads stdin, so Ctrl-C would be lost while a spinner shows.
 */
export async function spinner(text: string): Promise<Spinner> {
  const io = currentIo();
  if (!io.stderr.isTTY || io.env.CI) {
    return { update() {}, succeed() {}, fail() {}, stop() {} };
  }
  const { default: ora } = await import('ora');
  const s = ora({ text, stream: io.stderr as NodeJS.WriteStream, color: 'cyan', discardStdin: false }).start();
  return {
    update: (t) => {
      s.text = t;
    },
    succeed: (t) => {
      s.succeed(t);
    },
    fail: (t) => {
      s.fail(t);
    },
    stop: () => {
      s.stop();
    },
  };
}
