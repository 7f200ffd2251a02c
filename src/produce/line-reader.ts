/**
 * Splits a byte stream into lines like Java's BufferedReader.readLine (\n, \r\n or \r end a
 * line; a last line without terminator still counts), keeping the bytes as they are.
 * It is an async generator over the stream, so the stream is only read as fast as the
 * caller asks for lines: that is the producer's back-pressure.
 */
import type { Readable } from 'node:stream';

export async function* readLines(input: Readable | AsyncIterable<Buffer | string>): AsyncGenerator<Buffer> {
  let pending: Buffer = Buffer.alloc(0);
  let skipLeadingLf = false; // a \r ended the previous chunk: a \n right after it belongs to it
  for await (const raw of input as AsyncIterable<Buffer | string>) {
    let chunk = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
    if (skipLeadingLf && chunk.length > 0) {
      if (chunk[0] === 0x0a) chunk = chunk.subarray(1);
      skipLeadingLf = false;
    }
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i];
      if (c !== 0x0a && c !== 0x0d) continue;
      const piece = chunk.subarray(start, i);
      const line = pending.length > 0 ? Buffer.concat([pending, piece]) : Buffer.from(piece);
      pending = Buffer.alloc(0);
      if (c === 0x0d) {
        if (i + 1 < chunk.length) {
          if (chunk[i + 1] === 0x0a) i++;
        } else skipLeadingLf = true;
      }
      start = i + 1;
      yield line;
    }
    if (start < chunk.length) pending = pending.length > 0 ? Buffer.concat([pending, chunk.subarray(start)]) : Buffer.from(chunk.subarray(start));
  }
  if (pending.length > 0) yield pending;
}
