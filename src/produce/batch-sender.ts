/**
 * Groups records into batches (by size, or after linger ms) and keeps a bounded number of
 * batches in flight: `add()` only resolves when there is room, so the input is read no
 * faster than the broker accepts records (bounded memory). Every record carries its input
 * line number; a failed batch is reported line by line, never dropped silently.
 */
import type { OutgoingRecord } from '../format/record.js';

export interface PendingRecord {
  record: OutgoingRecord;
  /** 1-based input line (or record number for --format/--random) */
  line: number;
}

export interface SenderOptions {
  /** sends one batch; rejects if the broker refused it */
  send: (batch: PendingRecord[]) => Promise<void>;
  /** called once per failed group of records */
  onFailure: (lines: number[], error: Error) => void;
  batchBytes: number;
  lingerMs: number;
  maxInFlight: number;
  /** one record at a time, each awaited (Kafka's --sync) */
  sync: boolean;
  /** like the Java client's max.request.size: larger records fail here, before any send */
  maxRecordBytes?: number;
  /** errors about one record (too large, invalid): worth retrying the batch record by record */
  isRecordError?: (err: Error) => boolean;
}

export class BatchSender {
  sent = 0;
  failed = 0;
  private batch: PendingRecord[] = [];
  private batchBytes = 0;
  private timer: NodeJS.Timeout | undefined;
  /** the open batch waited linger ms: it goes at the next free request slot */
  private lingered = false;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly o: SenderOptions) {}

  /**
   * Takes one record. Returns a promise only when the caller must wait (a --sync send, or a
   * full batch with every request slot busy); otherwise nothing, so a loop over many records costs no
   * promise per record. `await sender.add(r)` works either way.
   */
  add(p: PendingRecord): Promise<void> | undefined {
    const size = recordSize(p.record);
    if (this.o.maxRecordBytes !== undefined && size > this.o.maxRecordBytes) {
      this.failed++;
      this.o.onFailure(
        [p.line],
        new Error(
          `The message is ${size} bytes when serialized which is larger than ${this.o.maxRecordBytes}, which is the value of the max.request.size configuration.`,
        ),
      );
      return undefined;
    }
    if (this.o.sync) return this.dispatch([p]);
    this.batch.push(p);
    this.batchBytes += size;
    if (!this.timer && !this.lingered && this.o.lingerMs >= 0) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.lingered = true;
        this.cutIfReady();
      }, this.o.lingerMs);
    }
    // a full (or lingered) batch goes now if a request slot is free, else as soon as one frees
    // up; the reader waits only while a full batch waits: memory stays bounded and requests
    // in flight stay <= maxInFlight (the linger timer never sends past that bound)
    this.cutIfReady();
    return this.batchBytes >= this.o.batchBytes ? this.waitForRoom() : undefined;
  }

  private cutIfReady(): void {
    if (this.batch.length > 0 && this.inFlight.size < this.o.maxInFlight && (this.lingered || this.batchBytes >= this.o.batchBytes)) this.cut();
  }

  private async waitForRoom(): Promise<void> {
    // each completed request cuts the waiting batch (see cut)
    while (this.batchBytes >= this.o.batchBytes && this.inFlight.size > 0) await Promise.race(this.inFlight);
  }

  /** Sends what is buffered and waits for every batch in flight. */
  async flush(): Promise<void> {
    // what is buffered is due now: it goes at once or as soon as a request slot frees up
    if (this.batch.length > 0) this.lingered = true;
    this.cutIfReady();
    while (this.inFlight.size > 0) await Promise.race(this.inFlight);
  }

  get pendingCount(): number {
    return this.batch.length;
  }

  private cut(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.lingered = false;
    if (this.batch.length === 0) return;
    const b = this.batch;
    this.batch = [];
    this.batchBytes = 0;
    const p = this.dispatch(b).finally(() => {
      this.inFlight.delete(p);
      // a batch that filled up (or lingered) while every slot was busy goes now
      this.cutIfReady();
    });
    this.inFlight.add(p);
  }

  private async dispatch(batch: PendingRecord[]): Promise<void> {
    try {
      await this.o.send(batch);
      this.sent += batch.length;
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      if (batch.length > 1 && this.o.isRecordError?.(err)) {
        // find which records the broker refuses; the others still go through
        for (const one of batch) await this.dispatch([one]);
        return;
      }
      this.failed += batch.length;
      this.o.onFailure(
        batch.map((b) => b.line),
        err,
      );
    }
  }
}

export function recordSize(r: OutgoingRecord): number {
  let n = 16 + (r.key?.length ?? 0) + (r.value?.length ?? 0);
  for (const h of r.headers) n += h.key.length + (h.value?.length ?? 0) + 4;
  return n;
}

/** "line 3", "lines 3-5", "lines 1, 4, 9-12" for failure reports. */
export function describeLines(lines: number[], word = 'line'): string {
  const sorted = [...lines].sort((a, b) => a - b);
  const ranges: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    ranges.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return `${word}${sorted.length > 1 ? 's' : ''} ${ranges.join(', ')}`;
}
