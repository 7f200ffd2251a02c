/**
 * Reader of Kafka's record batch v2 (magic 2) as stored in a segment's .log file: batch headers,
 * CRC-32C validation, records (keys, values, headers), control records. Iteration follows Kafka's
 * FileLogInputStream so that what counts as "the end" (and as trailing invalid bytes) matches
 * kafka-dump-log.
 */
import { ByteReader, LogFormatError, int16, int32, int64, uint32 } from './bytes.js';
import { COMPRESSION_NAMES, CodecError, decompress, type CompressionName } from './compression.js';
import { crc32c } from './crc32c.js';

/** offset(8) + size(4): the part of every batch before its size-counted bytes */
export const LOG_OVERHEAD = 12;
/** bytes up to and including magic; fewer than this left means "end of log" for Kafka */
export const HEADER_SIZE_UP_TO_MAGIC = 17;
export const RECORD_BATCH_OVERHEAD = 61;
/** Kafka's minimum size check (legacy v0 record overhead) */
const RECORD_OVERHEAD_V0 = 14;
const NO_SEQUENCE = -1;

export type TimestampType = 'CreateTime' | 'LogAppendTime';

export interface RecordBatchHeader {
  /** byte position of the batch in the file */
  position: number;
  baseOffset: number;
  /** bytes after the size field */
  batchLength: number;
  /** whole batch including offset and size fields */
  sizeInBytes: number;
  partitionLeaderEpoch: number;
  magic: number;
  crc: number;
  computedCrc: number;
  isValid: boolean;
  attributes: number;
  compression: CompressionName;
  timestampType: TimestampType;
  isTransactional: boolean;
  isControl: boolean;
  /** set when the batch carries a delete horizon (compaction of tombstones); it is then the base timestamp */
  deleteHorizonMs: number | undefined;
  lastOffsetDelta: number;
  lastOffset: number;
  baseTimestamp: number;
  maxTimestamp: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  lastSequence: number;
  recordsCount: number;
}

export interface RecordHeader {
  key: string;
  value: Uint8Array | null;
}

export interface LogRecord {
  offset: number;
  timestamp: number;
  sequence: number;
  key: Uint8Array | null;
  value: Uint8Array | null;
  headers: RecordHeader[];
}

export interface ControlRecordInfo {
  /** 0 ABORT, 1 COMMIT, others (KRaft) as their type id */
  typeId: number;
  type: string;
  version: number;
  coordinatorEpoch?: number;
}

/** Kafka's DefaultRecordBatch.incrementSequence: sequences wrap at Int.MAX_VALUE. */
export function incrementSequence(sequence: number, increment: number): number {
  if (sequence > 0x7fffffff - increment) return increment - (0x7fffffff - sequence) - 1;
  return sequence + increment;
}

/** Parses the batch header at `position`; the caller guarantees the whole batch is in `buf`. */
export function parseBatchHeader(buf: Uint8Array, position: number): RecordBatchHeader {
  const batchLength = int32(buf, position + 8);
  const sizeInBytes = batchLength + LOG_OVERHEAD;
  const magic = buf[position + 16]! > 127 ? buf[position + 16]! - 256 : buf[position + 16]!;
  if (magic !== 2) {
    throw new LogFormatError(`batch has magic ${magic}; only the v2 record format (Kafka 0.11+) is supported`, position);
  }
  if (sizeInBytes < RECORD_BATCH_OVERHEAD) {
    throw new LogFormatError(`batch size ${sizeInBytes} is smaller than the ${RECORD_BATCH_OVERHEAD}-byte batch header`, position);
  }
  const attributes = int16(buf, position + 21);
  const codecId = attributes & 7;
  const compression = COMPRESSION_NAMES[codecId];
  if (!compression) throw new LogFormatError(`batch has unknown compression codec id ${codecId}`, position);
  const crc = uint32(buf, position + 17);
  const computedCrc = crc32c(buf, position + 21, position + sizeInBytes);
  const baseOffset = int64(buf, position);
  const lastOffsetDelta = int32(buf, position + 23);
  const baseTimestamp = int64(buf, position + 27);
  const baseSequence = int32(buf, position + 53);
  return {
    position,
    baseOffset,
    batchLength,
    sizeInBytes,
    partitionLeaderEpoch: int32(buf, position + 12),
    magic,
    crc,
    computedCrc,
    isValid: crc === computedCrc,
    attributes,
    compression,
    timestampType: attributes & 0x08 ? 'LogAppendTime' : 'CreateTime',
    isTransactional: (attributes & 0x10) !== 0,
    isControl: (attributes & 0x20) !== 0,
    deleteHorizonMs: attributes & 0x40 ? baseTimestamp : undefined,
    lastOffsetDelta,
    lastOffset: baseOffset + lastOffsetDelta,
    baseTimestamp,
    maxTimestamp: int64(buf, position + 35),
    producerId: int64(buf, position + 43),
    producerEpoch: int16(buf, position + 51),
    baseSequence,
    lastSequence: baseSequence === NO_SEQUENCE ? NO_SEQUENCE : incrementSequence(baseSequence, lastOffsetDelta),
    recordsCount: int32(buf, position + 57),
  };
}

export interface BatchScan {
  batches: RecordBatchHeader[];
  /** bytes covered by whole batches */
  validBytes: number;
  /** why iteration stopped before the end of the data, if it did */
  stoppedAt?: { position: number; reason: string };
}

/**
 * Walks the batches of a .log file (or a slice of one). Like Kafka, fewer than 17 bytes left or a
 * batch whose declared size runs past the end ends the walk (those bytes are "invalid bytes at the
 * end"); a size below the minimum is corruption that Kafka aborts on, reported here as stoppedAt.
 */
export function scanBatches(buf: Uint8Array, maxBytes = Number.MAX_SAFE_INTEGER): BatchScan {
  const end = Math.min(buf.length, maxBytes);
  const batches: RecordBatchHeader[] = [];
  let position = 0;
  while (position < end - HEADER_SIZE_UP_TO_MAGIC) {
    const size = int32(buf, position + 8);
    if (size < RECORD_OVERHEAD_V0) {
      return {
        batches,
        validBytes: position,
        stoppedAt: {
          position,
          reason: `batch size field is ${size}, smaller than the minimum record overhead (${RECORD_OVERHEAD_V0}): the log is corrupt here`,
        },
      };
    }
    if (position > end - LOG_OVERHEAD - size) {
      return {
        batches,
        validBytes: position,
        stoppedAt: { position, reason: `truncated batch: its header declares ${size + LOG_OVERHEAD} bytes but only ${end - position} remain in the file` },
      };
    }
    try {
      batches.push(parseBatchHeader(buf, position));
    } catch (e) {
      if (e instanceof LogFormatError) return { batches, validBytes: position, stoppedAt: { position, reason: e.message } };
      throw e;
    }
    position += size + LOG_OVERHEAD;
  }
  if (position < end) {
    return {
      batches,
      validBytes: position,
      stoppedAt: { position, reason: `${end - position} bytes at the end are too few for a batch header (truncated batch)` },
    };
  }
  return { batches, validBytes: position };
}

/** The records of a batch, decompressed and decoded. Throws LogFormatError naming where it broke. */
export function readRecords(buf: Uint8Array, batch: RecordBatchHeader): LogRecord[] {
  const start = batch.position + RECORD_BATCH_OVERHEAD;
  const end = batch.position + batch.sizeInBytes;
  let data: Uint8Array;
  let base: number;
  if (batch.compression === 'none') {
    data = buf;
    base = 0;
  } else {
    try {
      data = decompress(batch.compression, buf.subarray(start, end));
    } catch (e) {
      if (e instanceof CodecError)
        throw new LogFormatError(`cannot decompress ${batch.compression} records of the batch at position ${batch.position}: ${e.message}`, batch.position);
      throw e;
    }
    base = batch.position;
  }
  const reader =
    batch.compression === 'none'
      ? new ByteReader(data, start, end, 0, `record in the batch at position ${batch.position}`)
      : new ByteReader(data, 0, data.length, base, `record in the ${batch.compression} batch at position ${batch.position} (decompressed)`);
  const records: LogRecord[] = [];
  for (let i = 0; i < batch.recordsCount; i++) records.push(readRecord(reader, batch));
  if (batch.compression === 'none' && reader.remaining > 0) {
    throw new LogFormatError(
      `batch at position ${batch.position} declares ${batch.recordsCount} records but ${reader.remaining} bytes remain after them`,
      batch.position,
    );
  }
  return records;
}

const utf8 = new TextDecoder('utf-8');

function readRecord(r: ByteReader, batch: RecordBatchHeader): LogRecord {
  const recordStart = r.pos;
  const length = r.varint('record length');
  if (length < 0 || length > r.remaining) {
    throw new LogFormatError(`${r.what}: record length ${length} runs past the end of the batch`, r.basePosition + recordStart);
  }
  const bodyEnd = r.pos + length;
  r.int8('record attributes');
  const timestampDelta = r.varlong('timestamp delta');
  const offsetDelta = r.varint('offset delta');
  const keyLength = r.varint('key length');
  const key = keyLength < 0 ? null : r.bytes(keyLength, 'key');
  const valueLength = r.varint('value length');
  const value = valueLength < 0 ? null : r.bytes(valueLength, 'value');
  const headerCount = r.varint('header count');
  if (headerCount < 0) throw new LogFormatError(`${r.what}: negative header count ${headerCount}`, r.basePosition + r.pos);
  const headers: RecordHeader[] = [];
  for (let h = 0; h < headerCount; h++) {
    const hk = r.varint('header key length');
    if (hk < 0) throw new LogFormatError(`${r.what}: negative header key length`, r.basePosition + r.pos);
    const hkey = utf8.decode(r.bytes(hk, 'header key'));
    const hv = r.varint('header value length');
    headers.push({ key: hkey, value: hv < 0 ? null : r.bytes(hv, 'header value') });
  }
  if (r.pos !== bodyEnd) {
    throw new LogFormatError(`${r.what}: record declares ${length} bytes but its fields take ${r.pos - (bodyEnd - length)}`, r.basePosition + recordStart);
  }
  return {
    offset: batch.baseOffset + offsetDelta,
    timestamp: batch.timestampType === 'LogAppendTime' ? batch.maxTimestamp : batch.baseTimestamp + timestampDelta,
    sequence: batch.baseSequence === NO_SEQUENCE ? NO_SEQUENCE : incrementSequence(batch.baseSequence, offsetDelta),
    key,
    value,
    headers,
  };
}

/** Decodes a control record (transaction marker or KRaft control record). */
export function controlRecordInfo(record: LogRecord): ControlRecordInfo {
  const key = record.key;
  if (!key || key.length < 4) return { typeId: -1, type: 'UNKNOWN', version: -1 };
  const version = int16(key, 0);
  const typeId = int16(key, 2);
  const names: Record<number, string> = {
    0: 'ABORT',
    1: 'COMMIT',
    2: 'LEADER_CHANGE',
    3: 'SNAPSHOT_HEADER',
    4: 'SNAPSHOT_FOOTER',
    5: 'KRAFT_VERSION',
    6: 'KRAFT_VOTERS',
  };
  const info: ControlRecordInfo = { typeId, type: names[typeId] ?? 'UNKNOWN', version };
  if ((typeId === 0 || typeId === 1) && record.value && record.value.length >= 6) info.coordinatorEpoch = int32(record.value, 2);
  return info;
}
