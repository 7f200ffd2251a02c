/**
 * kafka-dump-log (Kafka's DumpLogSegments) output, from our own segment reader: the same lines on
 * stdout and the same end-of-run reports on stderr, plus a JSON form and a list of problems
 * (corruption) that the command turns into a clear error after printing what could be read.
 */
import { LogFormatError } from '../protocol/bytes.js';
import { javaStringHash } from '../util/java-hash.js';
import { decodeOffsetsRecord } from '../log/offsets-decoder.js';
import {
  abortedTxnLine,
  producerSnapshotLine,
  readProducerSnapshot,
  readTxnIndex,
  type AbortedTxn,
  type ProducerSnapshotEntry,
} from '../log/producer-snapshot.js';
import { lookupPosition, offsetIndexEntries, segmentBaseOffset, timeIndexEntries, type OffsetIndexEntry, type TimeIndexEntry } from '../log/index-files.js';
import { controlRecordInfo, readRecords, scanBatches, type LogRecord, type RecordBatchHeader } from '../protocol/record-batch.js';

export interface DumpOptions {
  printDataLog?: boolean;
  deepIteration?: boolean;
  skipRecordMetadata?: boolean;
  maxBytes?: number;
  /** decode __consumer_offsets keys and values as JSON (implies printing data) */
  offsetsDecoder?: boolean;
}

/** How the dumper reads files; injected so the formatting stays testable without a disk. */
export interface SegmentFiles {
  /** file content, or undefined when the file does not exist */
  read(path: string): Uint8Array | undefined;
  absolute(path: string): string;
}

export interface DumpProblem {
  file: string;
  position: number;
  message: string;
}

export interface DumpResult {
  stdout: string;
  stderr: string;
  problems: DumpProblem[];
  json: DumpedFile[];
}

export type DumpedFile =
  | { file: string; type: 'log'; startOffset: number; batches: JsonBatch[]; invalidBytes: number }
  | { file: string; type: 'index'; entries: OffsetIndexEntry[] }
  | { file: string; type: 'timeindex'; entries: TimeIndexEntry[] }
  | { file: string; type: 'snapshot'; producers: ProducerSnapshotEntry[] }
  | { file: string; type: 'txnindex'; abortedTransactions: AbortedTxn[] }
  | { file: string; type: 'unknown' };

export interface JsonRecord {
  offset: number;
  timestamp: number;
  keySize: number;
  valueSize: number;
  sequence: number;
  headers: { key: string; value: string | null }[];
  key?: unknown;
  payload?: unknown;
  control?: { type: string; coordinatorEpoch?: number };
}

export type JsonBatch = Omit<RecordBatchHeader, 'computedCrc' | 'attributes'> & { records?: JsonRecord[] };

const utf8 = new TextDecoder('utf-8');
const text = (b: Uint8Array | null): string | null => (b === null ? null : utf8.decode(b));

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
function siblingPath(path: string, suffix: string): string {
  const dir = path.lastIndexOf('/') >= 0 ? path.slice(0, path.lastIndexOf('/') + 1) : '';
  return dir + baseName(path).split('.')[0] + suffix;
}

export function batchLine(b: RecordBatchHeader, position: number): string {
  return (
    `baseOffset: ${b.baseOffset} lastOffset: ${b.lastOffset} count: ${b.recordsCount} baseSequence: ${b.baseSequence} lastSequence: ${b.lastSequence}` +
    ` producerId: ${b.producerId} producerEpoch: ${b.producerEpoch} partitionLeaderEpoch: ${b.partitionLeaderEpoch} isTransactional: ${b.isTransactional}` +
    ` isControl: ${b.isControl} deleteHorizonMs: ${b.deleteHorizonMs === undefined ? 'OptionalLong.empty' : `OptionalLong[${b.deleteHorizonMs}]`}` +
    ` position: ${position} ${b.timestampType}: ${b.maxTimestamp} size: ${b.sizeInBytes} magic: ${b.magic} compresscodec: ${b.compression} crc: ${b.crc} isvalid: ${b.isValid}`
  );
}

export function recordLine(b: RecordBatchHeader, r: LogRecord, opts: DumpOptions): string {
  let line = '';
  let prefix = '| ';
  if (!opts.skipRecordMetadata) {
    line += `${prefix}offset: ${r.offset} ${b.timestampType}: ${r.timestamp} keySize: ${r.key?.length ?? -1} valueSize: ${r.value?.length ?? -1}`;
    prefix = ' ';
    line += ` sequence: ${r.sequence} headerKeys: [${r.headers.map((h) => h.key).join(',')}]`;
    if (b.isControl) {
      const c = controlRecordInfo(r);
      if (c.type === 'ABORT' || c.type === 'COMMIT') line += ` endTxnMarker: ${c.type} coordinatorEpoch: ${c.coordinatorEpoch ?? 0}`;
      else line += ` controlType: ${c.type}(${c.typeId})`;
    }
  }
  if (opts.offsetsDecoder && !b.isControl) {
    const d = decodeOffsetsRecord(r);
    line += `${prefix}key: ${d.key}`;
    if (d.payload !== undefined) line += ` payload: ${d.payload}`;
  } else if (opts.printDataLog && !b.isControl) {
    if (r.key !== null) {
      line += `${prefix}key: ${text(r.key)}`;
      prefix = ' ';
    }
    if (r.value !== null) line += ` payload: ${text(r.value)}`;
  }
  return line;
}

function jsonRecord(b: RecordBatchHeader, r: LogRecord, opts: DumpOptions): JsonRecord {
  const j: JsonRecord = {
    offset: r.offset,
    timestamp: r.timestamp,
    keySize: r.key?.length ?? -1,
    valueSize: r.value?.length ?? -1,
    sequence: r.sequence,
    headers: r.headers.map((h) => ({ key: h.key, value: opts.printDataLog ? text(h.value) : null })),
  };
  if (b.isControl) {
    const c = controlRecordInfo(r);
    j.control = { type: c.type, ...(c.coordinatorEpoch !== undefined ? { coordinatorEpoch: c.coordinatorEpoch } : {}) };
  } else if (opts.offsetsDecoder) {
    const d = decodeOffsetsRecord(r);
    j.key = d.key.startsWith('{') ? JSON.parse(d.key) : d.key;
    j.payload = d.payload === undefined ? null : d.payload.startsWith('{') ? JSON.parse(d.payload) : d.payload;
  } else if (opts.printDataLog) {
    j.key = text(r.key);
    j.payload = text(r.value);
  }
  return j;
}

/** Dumps files in order, as `kafka-dump-log --files a,b,...` would. */
export function dumpFiles(paths: string[], files: SegmentFiles, opts: DumpOptions = {}): DumpResult {
  const deep = Boolean(opts.deepIteration || opts.printDataLog || opts.offsetsDecoder);
  const out: string[] = [];
  const problems: DumpProblem[] = [];
  const json: DumpedFile[] = [];
  // end-of-run reports, in Kafka's order: index mismatches, time index errors, offset gaps
  const indexMismatches = new Map<string, [number, number][]>();
  const timeMismatches = new Map<string, [number, number][]>();
  const timeOutOfOrder = new Map<string, [number, number][]>();
  const timeNotFound = new Map<string, [number, number][]>();
  const gaps = new Map<string, [number, number][]>();
  const push = (m: Map<string, [number, number][]>, k: string, v: [number, number]) => m.set(k, [v, ...(m.get(k) ?? [])]);

  for (const path of paths) {
    out.push(`Dumping ${path}`);
    const name = baseName(path);
    const content = files.read(path);
    if (content === undefined) {
      problems.push({ file: path, position: 0, message: 'file not found' });
      continue;
    }
    const base = segmentBaseOffset(name) ?? 0;
    if (name.endsWith('.log')) {
      out.push(`Log starting offset: ${base}`);
      const scan = scanBatches(content, opts.maxBytes);
      const batchesJson: JsonBatch[] = [];
      let lastOffset = -1;
      for (const b of scan.batches) {
        out.push(batchLine(b, b.position));
        if (!b.isValid)
          problems.push({
            file: path,
            position: b.position,
            message: `CRC mismatch in the batch at position ${b.position} (offsets ${b.baseOffset}..${b.lastOffset}): stored crc ${b.crc}, computed ${b.computedCrc}`,
          });
        const { computedCrc: _c, attributes: _a, ...header } = b;
        const jb: JsonBatch = { ...header };
        if (deep) {
          jb.records = [];
          let records: LogRecord[] = [];
          try {
            records = readRecords(content, b);
          } catch (e) {
            if (!(e instanceof LogFormatError)) throw e;
            problems.push({ file: path, position: e.position, message: e.message });
          }
          for (const r of records) {
            if (lastOffset !== -1 && r.offset !== lastOffset + 1) push(gaps, files.absolute(path), [lastOffset, r.offset]);
            lastOffset = r.offset;
            out.push(recordLine(b, r, opts));
            jb.records.push(jsonRecord(b, r, opts));
          }
        }
        batchesJson.push(jb);
      }
      const invalidBytes = Math.min(content.length, opts.maxBytes ?? Infinity) - scan.validBytes;
      if (invalidBytes > 0 && opts.maxBytes === undefined) out.push(`Found ${invalidBytes} invalid bytes at the end of ${name}`);
      if (scan.stoppedAt) problems.push({ file: path, position: scan.stoppedAt.position, message: scan.stoppedAt.reason });
      json.push({ file: path, type: 'log', startOffset: base, batches: batchesJson, invalidBytes });
    } else if (name.endsWith('.index')) {
      const entries = offsetIndexEntries(content, base);
      if (content.length < 8) {
        out.push(`${path} is empty.`);
        json.push({ file: path, type: 'index', entries: [] });
        continue;
      }
      const log = files.read(siblingPath(path, '.log')) ?? new Uint8Array(0);
      for (const e of entries) {
        const first = scanBatches(log.subarray(Math.min(e.position, log.length))).batches[0];
        if (first && first.lastOffset !== e.offset) push(indexMismatches, files.absolute(path), [e.offset, first.lastOffset]);
        out.push(`offset: ${e.offset} position: ${e.position}`);
      }
      json.push({ file: path, type: 'index', entries });
    } else if (name.endsWith('.timeindex')) {
      const entries = timeIndexEntries(content, base);
      const log = files.read(siblingPath(path, '.log')) ?? new Uint8Array(0);
      const offsetIndex = offsetIndexEntries(files.read(siblingPath(path, '.index')) ?? new Uint8Array(0), base);
      let prev = -1;
      for (const e of entries) {
        const from = Math.min(lookupPosition(offsetIndex, e.offset), log.length);
        const slice = log.subarray(from);
        const batch = scanBatches(slice).batches.find((b) => b.lastOffset >= e.offset);
        if (!batch) push(timeNotFound, files.absolute(path), [e.offset, -1]);
        else if (batch.lastOffset !== e.offset) push(timeNotFound, files.absolute(path), [e.offset, batch.lastOffset]);
        else {
          let max = -1;
          try {
            for (const r of readRecords(slice, batch)) max = Math.max(max, r.timestamp);
          } catch {
            /* reported when the .log itself is dumped */
          }
          if (max !== e.timestamp) push(timeMismatches, files.absolute(path), [e.timestamp, max]);
          if (prev >= e.timestamp) push(timeOutOfOrder, files.absolute(path), [e.timestamp, prev]);
        }
        out.push(`timestamp: ${e.timestamp} offset: ${e.offset}`);
        prev = e.timestamp;
      }
      json.push({ file: path, type: 'timeindex', entries });
    } else if (name.endsWith('.snapshot')) {
      let producers: ProducerSnapshotEntry[] = [];
      try {
        producers = readProducerSnapshot(content);
      } catch (e) {
        if (!(e instanceof LogFormatError)) throw e;
        out.push(`\u0000stderr:${e.message}`);
        problems.push({ file: path, position: e.position, message: e.message });
      }
      for (const p of producers) out.push(producerSnapshotLine(p));
      json.push({ file: path, type: 'snapshot', producers });
    } else if (name.endsWith('.txnindex')) {
      const aborted = readTxnIndex(content);
      for (const t of aborted) out.push(abortedTxnLine(t));
      json.push({ file: path, type: 'txnindex', abortedTransactions: aborted });
    } else {
      json.push({ file: path, type: 'unknown' });
      // Kafka prints this to stderr in the middle of the run
      out.push(`\u0000stderr:Ignoring unknown file ${path}`);
    }
  }

  const err: string[] = [];
  for (const [f, list] of scalaHashMapOrder(indexMismatches)) {
    err.push(`Mismatches in :${f}`);
    for (const [i, l] of list) err.push(`  Index offset: ${i}, log offset: ${l}`);
  }
  for (const [f, list] of scalaHashMapOrder(timeMismatches)) {
    err.push(`Found timestamp mismatch in :${f}`);
    for (const [i, l] of list) err.push(`  Index timestamp: ${i}, log timestamp: ${l}`);
  }
  for (const [f, list] of scalaHashMapOrder(timeOutOfOrder)) {
    err.push(`Found out of order timestamp in :${f}`);
    for (const [i, p] of list) err.push(`  Index timestamp: ${i}, Previously indexed timestamp: ${p}`);
  }
  for (const [, list] of scalaHashMapOrder(timeNotFound)) {
    err.push('The following indexed offsets are not found in the log.');
    for (const [i, l] of list) err.push(`Indexed offset: ${i}, found log offset: ${l}`);
  }
  for (const [f, list] of scalaHashMapOrder(gaps)) {
    err.push(`Non-consecutive offsets in ${f}`);
    for (const [a, b] of list) err.push(`  ${a} is followed by ${b}`);
  }
  const stdoutLines = out.filter((l) => !l.startsWith('\u0000stderr:'));
  const midRunErr = out.filter((l) => l.startsWith('\u0000stderr:')).map((l) => l.slice('\u0000stderr:'.length));
  return {
    stdout: stdoutLines.map((l) => `${l}\n`).join(''),
    stderr: [...midRunErr, ...err].map((l) => `${l}\n`).join(''),
    problems,
    json,
  };
}

/**
 * Entries in the order a Scala 2.13 mutable.HashMap iterates them (DumpLogSegments keeps its
 * end-of-run reports per file in such maps): by bucket (improved hash masked by the table size),
 * then by hash within a bucket. Matters only when several files have reports.
 */
export function scalaHashMapOrder<V>(m: Map<string, V>): [string, V][] {
  let tableSize = 16;
  while (m.size > tableSize * 0.75) tableSize *= 2;
  const keyed = [...m.entries()].map(([k, v]) => {
    const h = javaStringHash(k);
    const improved = h ^ (h >>> 16);
    return { k, v, bucket: improved & (tableSize - 1), hash: improved };
  });
  keyed.sort((a, b) => a.bucket - b.bucket || a.hash - b.hash);
  return keyed.map((e) => [e.k, e.v]);
}
