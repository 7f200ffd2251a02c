/**
 * Readers of a segment's sparse indexes. `.index`: 8-byte entries (offset relative to the segment's
 * base offset, byte position in .log). `.timeindex`: 12-byte entries (max timestamp so far, relative
 * offset). The active segment's index files are preallocated with zeros, so — like Kafka — an entry
 * after the first that points back at the base offset marks the end of the real entries.
 */
import { int32, int64 } from '../protocol/bytes.js';

export interface OffsetIndexEntry {
  offset: number;
  position: number;
}

export interface TimeIndexEntry {
  timestamp: number;
  offset: number;
}

/** The base offset a segment file name encodes (`00000000000000000042.index` → 42), or undefined. */
export function segmentBaseOffset(fileName: string): number | undefined {
  const m = /^(\d+)\./.exec(fileName);
  return m ? Number(m[1]) : undefined;
}

export function offsetIndexEntries(buf: Uint8Array, baseOffset: number): OffsetIndexEntry[] {
  const entries: OffsetIndexEntry[] = [];
  const n = Math.floor(buf.length / 8);
  for (let i = 0; i < n; i++) {
    const offset = baseOffset + int32(buf, i * 8);
    if (i > 0 && offset === baseOffset) break;
    entries.push({ offset, position: int32(buf, i * 8 + 4) });
  }
  return entries;
}

export function timeIndexEntries(buf: Uint8Array, baseOffset: number): TimeIndexEntry[] {
  const entries: TimeIndexEntry[] = [];
  const n = Math.floor(buf.length / 12);
  for (let i = 0; i < n; i++) {
    const offset = baseOffset + int32(buf, i * 12 + 8);
    if (i > 0 && offset === baseOffset) break;
    entries.push({ timestamp: int64(buf, i * 12), offset });
  }
  return entries;
}

/** Kafka's OffsetIndex.lookup: position of the largest entry with offset <= target (0 when none). */
export function lookupPosition(entries: OffsetIndexEntry[], target: number): number {
  let lo = 0;
  let hi = entries.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (entries[mid]!.offset <= target) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found < 0 ? 0 : entries[found]!.position;
}
