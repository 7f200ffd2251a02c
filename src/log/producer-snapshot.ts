/**
 * The other per-segment files kafka-dump-log reads: `.snapshot` (producer state at the segment's
 * base offset: version int16, CRC-32C, then one 46-byte entry per producer) and `.txnindex`
 * (aborted transactions, 34-byte entries).
 */
import { int16, int32, int64, uint32 } from '../protocol/bytes.js';
import { crc32c } from '../protocol/crc32c.js';
import { LogFormatError } from '../protocol/bytes.js';

export interface ProducerSnapshotEntry {
  producerId: number;
  producerEpoch: number;
  lastSequence: number;
  lastOffset: number;
  offsetDelta: number;
  timestamp: number;
  coordinatorEpoch: number;
  /** -1 when no transaction is open */
  currentTxnFirstOffset: number;
}

const ENTRY_SIZE = 46;

export function readProducerSnapshot(buf: Uint8Array): ProducerSnapshotEntry[] {
  if (buf.length < 10) throw new LogFormatError(`producer snapshot is truncated: ${buf.length} bytes, the header alone needs 10`, 0);
  const version = int16(buf, 0);
  if (version !== 1) throw new LogFormatError(`Snapshot contained an unknown file version ${version}`, 0);
  const stored = uint32(buf, 2);
  const computed = crc32c(buf, 6, buf.length);
  if (stored !== computed) throw new LogFormatError(`Snapshot is corrupt (CRC is no longer valid). Stored crc: ${stored}. Computed crc: ${computed}`, 2);
  const count = int32(buf, 6);
  if (count < 0 || 10 + count * ENTRY_SIZE > buf.length)
    throw new LogFormatError(`producer snapshot declares ${count} entries but has room for ${Math.floor((buf.length - 10) / ENTRY_SIZE)}`, 6);
  const entries: ProducerSnapshotEntry[] = [];
  for (let i = 0; i < count; i++) {
    const at = 10 + i * ENTRY_SIZE;
    entries.push({
      producerId: int64(buf, at),
      producerEpoch: int16(buf, at + 8),
      lastSequence: int32(buf, at + 10),
      lastOffset: int64(buf, at + 14),
      offsetDelta: int32(buf, at + 22),
      timestamp: int64(buf, at + 26),
      coordinatorEpoch: int32(buf, at + 34),
      currentTxnFirstOffset: int64(buf, at + 38),
    });
  }
  return entries;
}

/** Kafka's DefaultRecordBatch.decrementSequence (sequences wrap at Int.MAX_VALUE). */
function decrementSequence(sequence: number, decrement: number): number {
  return sequence < decrement ? 0x7fffffff - (decrement - sequence) + 1 : sequence - decrement;
}

/** kafka-dump-log's line for one producer. */
export function producerSnapshotLine(e: ProducerSnapshotEntry): string {
  let line =
    `producerId: ${e.producerId} producerEpoch: ${e.producerEpoch} coordinatorEpoch: ${e.coordinatorEpoch} ` +
    `currentTxnFirstOffset: ${e.currentTxnFirstOffset >= 0 ? `OptionalLong[${e.currentTxnFirstOffset}]` : 'OptionalLong.empty'} lastTimestamp: ${e.timestamp} `;
  if (e.lastOffset >= 0) {
    line += `firstSequence: ${decrementSequence(e.lastSequence, e.offsetDelta)} lastSequence: ${e.lastSequence} lastOffset: ${e.lastOffset} offsetDelta: ${e.offsetDelta} timestamp: ${e.timestamp}`;
  }
  return line;
}

export interface AbortedTxn {
  version: number;
  producerId: number;
  firstOffset: number;
  lastOffset: number;
  lastStableOffset: number;
}

export function readTxnIndex(buf: Uint8Array): AbortedTxn[] {
  const out: AbortedTxn[] = [];
  for (let at = 0; at + 34 <= buf.length; at += 34) {
    out.push({
      version: int16(buf, at),
      producerId: int64(buf, at + 2),
      firstOffset: int64(buf, at + 10),
      lastOffset: int64(buf, at + 18),
      lastStableOffset: int64(buf, at + 26),
    });
  }
  return out;
}

export function abortedTxnLine(t: AbortedTxn): string {
  return `version: ${t.version} producerId: ${t.producerId} firstOffset: ${t.firstOffset} lastOffset: ${t.lastOffset} lastStableOffset: ${t.lastStableOffset}`;
}
