/**
 * Where consumed records go: formatted straight from the fetched bytes (a RecordCursor) into
 * large chunks written to stdout with back-pressure. Kafka's default output (values only, one
 * per line) copies value bytes without creating anything per record; other outputs (print.*
 * properties, format strings, JSON) build one record object and reuse the formatters.
 * A closed pipe (EPIPE, `| head`) ends consumption quietly.
 */
import type { RecordCursor } from '../protocol/record-batch.js';
import type { ConsumedRecord } from '../format/record.js';

/** Turns one record into output bytes, or writes them into the chunk itself (fast path). */
export type RecordRenderer = (topic: string, partition: number, c: RecordCursor, out: ChunkWriter) => void;

export function consumedRecord(topic: string, partition: number, c: RecordCursor): ConsumedRecord {
  return {
    topic,
    partition,
    offset: String(c.offset),
    timestamp: String(c.timestamp),
    timestampType: c.timestamp < 0 ? 'NoTimestampType' : c.timestampType,
    key: c.key(),
    value: c.value(),
    headers: c.headers(),
  };
}

/** A renderer from a per-record formatter (the general case). */
export function objectRenderer(format: (r: ConsumedRecord) => Buffer): RecordRenderer {
  return (topic, partition, c, out) => out.write(format(consumedRecord(topic, partition, c)));
}

/** Kafka's default output with no deserializer: the value bytes (or null.literal) and line.separator. */
export function valueLineRenderer(nullLiteral: Buffer, lineSeparator: Buffer): RecordRenderer {
  return (_t, _p, c, out) => {
    if (c.valueLength < 0) out.write(nullLiteral);
    else out.copy(c.data, c.valueStart, c.valueStart + c.valueLength);
    out.write(lineSeparator);
  };
}

export interface WritableOutput {
  write(chunk: Buffer, callback?: (err?: Error | null) => void): boolean;
  once(event: 'drain', cb: () => void): unknown;
  on(event: 'error', cb: (err: Error) => void): unknown;
}

/**
 * Gathers output in one large buffer and writes it when full, or at the latest on the next turn
 * of the event loop (a consumer tailing a topic prints records as they come).
 */
export class ChunkWriter {
  private buf: Buffer;
  private used = 0;
  private closed = false;
  private flushScheduled = false;
  private draining: Promise<void> | undefined;
  private drainedNow: (() => void) | undefined;
  private readonly spare: Buffer[] = [];
  private onClose: (() => void) | undefined;

  constructor(
    private readonly stream: WritableOutput,
    private readonly chunkSize = 256 * 1024,
  ) {
    this.buf = Buffer.allocUnsafe(chunkSize);
    stream.on('error', () => {
      // a closed pipe: nothing more will be written, and nobody should wait for a drain
      this.closed = true;
      this.drainedNow?.();
      this.onClose?.();
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * Called once when the stream fails (a closed pipe). The error comes after the writes, so a
   * consumer that already printed everything and waits for more would not see it otherwise.
   */
  whenClosed(cb: () => void): void {
    this.onClose = cb;
  }

  write(b: Uint8Array): void {
    this.copy(b, 0, b.length);
  }

  copy(src: Uint8Array, start: number, end: number): void {
    const n = end - start;
    if (this.used + n > this.buf.length) {
      this.flushNow();
      if (n > this.buf.length) {
        this.push(Buffer.from(src.buffer, src.byteOffset + start, n));
        return;
      }
    }
    const buf = this.buf;
    let o = this.used;
    if (n <= 64) {
      // a short value: a plain loop beats creating a view or calling into C++
      for (let i = start; i < end; i++) buf[o++] = src[i]!;
    } else {
      Buffer.prototype.copy.call(src, buf, o, start, end);
      o += n;
    }
    this.used = o;
    if (!this.flushScheduled) this.scheduleFlush();
  }

  /** A promise while the stream is full (stop feeding), else undefined. */
  backPressure(): Promise<void> | undefined {
    if (this.used >= this.chunkSize / 2) this.flushNow();
    return this.draining;
  }

  /** Writes what is gathered and waits until the stream took it. */
  async drained(): Promise<void> {
    this.flushNow();
    while (this.draining) await this.draining;
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flushNow();
    });
  }

  private flushNow(): void {
    if (this.used === 0) return;
    const full = this.buf;
    const chunk = full.subarray(0, this.used);
    // the stream keeps the chunk until written: the next records go into a buffer it gave back
    // (a few buffers in rotation keep memory flat however much is printed)
    this.buf = this.spare.pop() ?? Buffer.allocUnsafe(this.chunkSize);
    this.used = 0;
    this.push(chunk, () => {
      if (this.spare.length < 4) this.spare.push(full);
    });
  }

  private push(chunk: Buffer, written?: () => void): void {
    if (this.closed) return;
    if (!this.stream.write(chunk, written ? () => written() : undefined) && !this.draining) {
      this.draining = new Promise<void>((resolve) => {
        this.drainedNow = () => {
          this.draining = undefined;
          this.drainedNow = undefined;
          resolve();
        };
        this.stream.once('drain', () => this.drainedNow?.());
      });
    }
  }
}

/** Builds the consumer's output for --format json, a format string, or Kafka's formatter properties. */
export async function recordOutput(format: string | undefined, props: Map<string, string>, stream: WritableOutput) {
  const { UsageError } = await import('../errors.js');
  const writer = new ChunkWriter(stream);
  let toBytes: (r: ConsumedRecord) => Buffer;
  let fast: RecordRenderer | undefined;
  if (format === 'json') {
    const { recordToJson } = await import('../format/json-record.js');
    toBytes = (r) => Buffer.from(`${recordToJson(r)}\n`, 'utf8');
  } else if (format !== undefined) {
    const { compileFormat, renderFormat, FormatStringError } = await import('../format/format-string.js');
    try {
      const parts = compileFormat(format);
      toBytes = (r) => renderFormat(parts, r);
    } catch (e) {
      if (e instanceof FormatStringError) throw new UsageError(`--format: ${e.message}`, "Example: -f '%k: %s\\n' or --format json");
      throw e;
    }
  } else {
    const { formatterOptions, formatRecord, FORMATTER_PROPERTIES, DeserializerError } = await import('../format/message-formatter.js');
    for (const k of props.keys()) {
      // key.deserializer.<x> settings are passed to deserializers in Kafka; the built-in ones need none
      if (!(FORMATTER_PROPERTIES as readonly string[]).includes(k) && !/^(key|value|headers)\.deserializer\./.test(k)) {
        throw new UsageError(`unknown formatter property '${k}'`, `Known: ${FORMATTER_PROPERTIES.join(', ')}.`);
      }
    }
    let o: ReturnType<typeof formatterOptions>;
    try {
      o = formatterOptions(props);
    } catch (e) {
      if (e instanceof DeserializerError) throw new UsageError(e.message, 'Use a built-in Kafka deserializer, or --format json to see the raw bytes.');
      throw e;
    }
    toBytes = (r) => formatRecord(r, o);
    const valueOnly = !o.printTimestamp && !o.printKey && !o.printPartition && !o.printOffset && !o.printHeaders && o.printValue && !o.valueDeserializer;
    if (valueOnly) fast = valueLineRenderer(o.nullLiteral, o.lineSeparator);
  }
  const slow = objectRenderer(toBytes);
  const render = fast ?? slow;
  return {
    writer,
    record(topic: string, partition: number, c: RecordCursor): void {
      render(topic, partition, c, writer);
    },
    recordObject(r: ConsumedRecord): void {
      writer.write(toBytes(r));
    },
    backPressure: () => writer.backPressure(),
    get isClosed() {
      return writer.isClosed;
    },
  };
}
