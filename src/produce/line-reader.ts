/**
 * Splits a byte stream into lines like Java's BufferedReader.readLine (\n, \r\n or \r end a
 * line; a last line without terminator still counts), keeping the bytes as they are.
 * It is an async generator over the stream, so the stream is only read as fast as the
 * caller asks for lines: that is the producer's back-pressure.
 *
 * Lines are views into the chunk they came from (no copy; a chunk is never reused by the
 * stream), and readLineBatches hands out all lines of a chunk at once: one await per chunk
 * instead of one per line is what lets piped input keep up with the broker.
 */
import type { Readable } from 'node:stream';

export async function* readLineBatches(input: Readable | AsyncIterable<Buffer | string>): AsyncGenerator<Buffer[]> {
  let pending: Buffer | undefined; // the unfinished last line of the previous chunk(s)
  let skipLeadingLf = false; // a \r ended the previous chunk: a \n right after it belongs to it
  for await (const raw of input as AsyncIterable<Buffer | string>) {
    let chunk = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
    if (skipLeadingLf && chunk.length > 0) {
      if (chunk[0] === 0x0a) chunk = chunk.subarray(1);
      skipLeadingLf = false;
    }
    const lines: Buffer[] = [];
    let start = 0;
    const n = chunk.length;
    for (let i = 0; i < n; i++) {
      const c = chunk[i];
      if (c !== 0x0a && c !== 0x0d) continue;
      const piece = chunk.subarray(start, i);
      if (pending !== undefined) {
        lines.push(Buffer.concat([pending, piece]));
        pending = undefined;
      } else lines.push(piece);
      if (c === 0x0d) {
        if (i + 1 < n) {
          if (chunk[i + 1] === 0x0a) i++;
        } else skipLeadingLf = true;
      }
      start = i + 1;
    }
    if (start < n) pending = pending !== undefined ? Buffer.concat([pending, chunk.subarray(start)]) : chunk.subarray(start);
    if (lines.length > 0) yield lines;
  }
  if (pending !== undefined && pending.length > 0) yield [pending];
}

export async function* readLines(input: Readable | AsyncIterable<Buffer | string>): AsyncGenerator<Buffer> {
  for await (const lines of readLineBatches(input)) yield* lines;
}
