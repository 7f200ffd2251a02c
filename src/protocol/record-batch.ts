/**
 * Reader of Kafka's record batch v2 (magic 2) as stored in a segment's .log file: batch headers,
 * CRC-32C validation, records (keys, values, headers), control records. Iteration follows Kafka's
 * FileLogInputStream so that what counts as "the end" (and as trailing invalid bytes) matches
 * kafka-dump-log.
 */
import { ByteReader, LogFormatError, int16, int32, int64, uint32 } from './bytes.js';
import { COMPRESSION_NAMES, CodecError, compress, decompress, type CompressionName } from './compression.js';
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

// ---------------------------------------------------------------- encoding

/** A record to write: bytes as they go on the wire (null key/value/header value allowed). */
export interface RecordInput {
  key: Uint8Array | null;
  value: Uint8Array | null;
  headers: readonly { key: string; value: Uint8Array | null }[];
  /** ms since the epoch; the builder's clock when absent */
  timestamp?: number;
}

export interface BatchIdentity {
  producerId: bigint;
  producerEpoch: number;
  /** sequence of the first record (-1 without idempotence) */
  baseSequence: number;
  transactional?: boolean;
}

export const NO_PRODUCER_ID = -1n;
/** attributes bit of a transactional batch */
const TRANSACTIONAL_ATTRIBUTE = 0x10;

function varIntSize(v: number): number {
  let z = ((v << 1) ^ (v >> 31)) >>> 0;
  let n = 1;
  while (z >= 0x80) {
    n++;
    z >>>= 7;
  }
  return n;
}

function varLongSize(v: number): number {
  let z = v >= 0 ? v * 2 : -v * 2 - 1;
  let n = 1;
  while (z >= 0x80) {
    n++;
    z = Math.floor(z / 128);
  }
  return n;
}

const textEncoder = new TextEncoder();

/**
 * Builds one record batch v2 (Kafka's DefaultRecordBatch) record by record: each append writes
 * the record straight into one growing buffer, after room reserved for the 61-byte header, so
 * sealing the batch is writing that header and one CRC-32C (plus compressing the records when
 * asked). Sequence numbers are given at seal time, when the producer knows the batch's place.
 */
export class RecordBatchBuilder {
  private buf: Buffer;
  private pos = RECORD_BATCH_OVERHEAD;
  private firstTimestamp = 0;
  private maxTimestamp = -1;
  count = 0;

  constructor(
    readonly compression: CompressionName = 'none',
    initialCapacity = 16 * 1024,
  ) {
    this.buf = Buffer.allocUnsafe(Math.max(initialCapacity, RECORD_BATCH_OVERHEAD + 64));
  }

  /** Bytes of the batch so far, uncompressed (what batch.size is compared with). */
  get sizeInBytes(): number {
    return this.pos;
  }

  /** The size a record will take in the batch (to decide whether it still fits). */
  static recordSize(r: RecordInput, offsetDelta: number, timestampDelta: number): number {
    const body = RecordBatchBuilder.bodySize(r, offsetDelta, timestampDelta);
    return varIntSize(body) + body;
  }

  private static bodySize(r: RecordInput, offsetDelta: number, timestampDelta: number): number {
    let n = 1 + varLongSize(timestampDelta) + varIntSize(offsetDelta);
    n += r.key === null ? 1 : varIntSize(r.key.length) + r.key.length;
    n += r.value === null ? 1 : varIntSize(r.value.length) + r.value.length;
    n += varIntSize(r.headers.length);
    for (const h of r.headers) {
      const k = Buffer.byteLength(h.key, 'utf8');
      n += varIntSize(k) + k + (h.value === null ? 1 : varIntSize(h.value.length) + h.value.length);
    }
    return n;
  }

  /** Appends one record; returns the bytes it took. */
  append(r: RecordInput, now: number): number {
    const ts = r.timestamp ?? now;
    if (this.count === 0) this.firstTimestamp = ts;
    const delta = ts - this.firstTimestamp;
    const body = RecordBatchBuilder.bodySize(r, this.count, delta);
    const total = varIntSize(body) + body;
    this.ensure(total);
    const start = this.pos;
    this.varInt(body);
    this.buf[this.pos++] = 0; // record attributes: unused
    this.varLong(delta);
    this.varInt(this.count);
    this.bytes(r.key);
    this.bytes(r.value);
    this.varInt(r.headers.length);
    for (const h of r.headers) {
      const k = textEncoder.encode(h.key);
      this.bytes(k);
      this.bytes(h.value);
    }
    if (ts > this.maxTimestamp) this.maxTimestamp = ts;
    this.count++;
    return this.pos - start;
  }

  /**
   * The finished batch. This ends the builder: an uncompressed batch is the builder's own
   * buffer (no copy), so nothing may be appended or built afterwards.
   */
  build(id: BatchIdentity = { producerId: NO_PRODUCER_ID, producerEpoch: -1, baseSequence: -1 }): Buffer {
    if (this.count === 0) throw new Error('an empty record batch cannot be built');
    let batch: Buffer;
    if (this.compression === 'none') {
      batch = this.buf.subarray(0, this.pos);
    } else {
      const compressed = compress(this.compression, this.buf.subarray(RECORD_BATCH_OVERHEAD, this.pos));
      batch = Buffer.allocUnsafe(RECORD_BATCH_OVERHEAD + compressed.length);
      compressed.copy(batch, RECORD_BATCH_OVERHEAD);
    }
    const attributes = COMPRESSION_NAMES.indexOf(this.compression) | (id.transactional ? TRANSACTIONAL_ATTRIBUTE : 0);
    batch.writeBigInt64BE(0n, 0); // base offset: the broker assigns offsets
    batch.writeInt32BE(batch.length - LOG_OVERHEAD, 8);
    batch.writeInt32BE(-1, 12); // partition leader epoch: set by the broker
    batch.writeInt8(2, 16); // magic
    batch.writeInt16BE(attributes, 21);
    batch.writeInt32BE(this.count - 1, 23); // last offset delta
    batch.writeBigInt64BE(BigInt(this.firstTimestamp), 27);
    batch.writeBigInt64BE(BigInt(this.maxTimestamp), 35);
    batch.writeBigInt64BE(id.producerId, 43);
    batch.writeInt16BE(id.producerEpoch, 51);
    batch.writeInt32BE(id.baseSequence, 53);
    batch.writeInt32BE(this.count, 57);
    batch.writeUInt32BE(crc32c(batch, 21, batch.length), 17);
    return batch;
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const bigger = Buffer.allocUnsafe(size);
    this.buf.copy(bigger, 0, 0, this.pos);
    this.buf = bigger;
  }

  private varInt(v: number): void {
    let z = ((v << 1) ^ (v >> 31)) >>> 0;
    const b = this.buf;
    while (z >= 0x80) {
      b[this.pos++] = (z & 0x7f) | 0x80;
      z >>>= 7;
    }
    b[this.pos++] = z;
  }

  private varLong(v: number): void {
    let z = v >= 0 ? v * 2 : -v * 2 - 1;
    const b = this.buf;
    while (z >= 0x80) {
      b[this.pos++] = (z % 128) | 0x80;
      z = Math.floor(z / 128);
    }
    b[this.pos++] = z;
  }

  private bytes(v: Uint8Array | null): void {
    if (v === null) {
      this.varInt(-1);
      return;
    }
    this.varInt(v.length);
    this.buf.set(v, this.pos);
    this.pos += v.length;
  }
}

/** Gives a built batch another base sequence (after a failed batch before it), fixing the CRC. */
export function rewriteBaseSequence(batch: Buffer, baseSequence: number): void {
  batch.writeInt32BE(baseSequence, 53);
  batch.writeUInt32BE(crc32c(batch, 21, batch.length), 17);
}

export function batchRecordCount(batch: Uint8Array): number {
  return int32(batch, 57);
}

// ---------------------------------------------------------------- reading without objects

/**
 * Walks the records of one batch without creating an object per record: after `next()`
 * returns true, the fields describe the current record and key/value are ranges of `data`.
 * This is what the console consumer formats from, straight into its output buffer.
 */
export class RecordCursor {
  /** the (decompressed) records section */
  data: Uint8Array = new Uint8Array(0);
  private pos = 0;
  private end = 0;
  private left = 0;
  private header!: RecordBatchHeader;
  offset = 0;
  timestamp = 0;
  keyStart = 0;
  /** -1 for a null key */
  keyLength = -1;
  valueStart = 0;
  /** -1 for a null value */
  valueLength = -1;
  headerCount = 0;
  private headersAt = 0;

  /** Positions the cursor before the first record of `batch` (a batch header parsed from `buf`). */
  reset(buf: Uint8Array, batch: RecordBatchHeader): void {
    this.header = batch;
    const start = batch.position + RECORD_BATCH_OVERHEAD;
    const end = batch.position + batch.sizeInBytes;
    if (batch.compression === 'none') {
      this.data = buf;
      this.pos = start;
      this.end = end;
    } else {
      try {
        this.data = decompress(batch.compression, buf.subarray(start, end));
      } catch (e) {
        if (e instanceof CodecError)
          throw new LogFormatError(`cannot decompress ${batch.compression} records of the batch at offset ${batch.baseOffset}: ${e.message}`, batch.position);
        throw e;
      }
      this.pos = 0;
      this.end = this.data.length;
    }
    this.left = batch.recordsCount;
  }

  next(): boolean {
    if (this.left <= 0) return false;
    this.left--;
    const d = this.data;
    const length = this.readVarInt();
    const bodyEnd = this.pos + length;
    if (length < 0 || bodyEnd > this.end)
      throw new LogFormatError(`record of the batch at offset ${this.header.baseOffset} runs past the batch`, this.header.position);
    this.pos++; // attributes
    const tsDelta = this.readVarLong();
    const offsetDelta = this.readVarInt();
    this.offset = this.header.baseOffset + offsetDelta;
    this.timestamp = this.header.timestampType === 'LogAppendTime' ? this.header.maxTimestamp : this.header.baseTimestamp + tsDelta;
    this.keyLength = this.readVarInt();
    this.keyStart = this.pos;
    if (this.keyLength > 0) this.pos += this.keyLength;
    this.valueLength = this.readVarInt();
    this.valueStart = this.pos;
    if (this.valueLength > 0) this.pos += this.valueLength;
    this.headerCount = this.readVarInt();
    this.headersAt = this.pos;
    this.pos = bodyEnd;
    if (this.valueStart > bodyEnd || this.keyStart > bodyEnd || d.length < bodyEnd)
      throw new LogFormatError(`record at offset ${this.offset} is corrupt`, this.header.position);
    return true;
  }

  get timestampType(): TimestampType {
    return this.header.timestampType;
  }

  key(): Buffer | null {
    return this.keyLength < 0 ? null : Buffer.from(this.data.buffer, this.data.byteOffset + this.keyStart, this.keyLength);
  }

  value(): Buffer | null {
    return this.valueLength < 0 ? null : Buffer.from(this.data.buffer, this.data.byteOffset + this.valueStart, this.valueLength);
  }

  /** The current record's headers, in log order (allocates: only for output that shows them). */
  headers(): { key: string; value: Buffer | null }[] {
    const out: { key: string; value: Buffer | null }[] = [];
    const saved = this.pos;
    this.pos = this.headersAt;
    for (let i = 0; i < this.headerCount; i++) {
      const kl = this.readVarInt();
      const key = Buffer.from(this.data.buffer, this.data.byteOffset + this.pos, kl).toString('utf8');
      this.pos += kl;
      const vl = this.readVarInt();
      out.push({ key, value: vl < 0 ? null : Buffer.from(this.data.buffer, this.data.byteOffset + this.pos, vl) });
      if (vl > 0) this.pos += vl;
    }
    this.pos = saved;
    return out;
  }

  private readVarInt(): number {
    const d = this.data;
    let raw = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const b = d[this.pos++]!;
      raw |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) return (raw >>> 1) ^ -(raw & 1);
    }
    throw new LogFormatError(`record of the batch at offset ${this.header.baseOffset}: varint longer than 5 bytes`, this.header.position);
  }

  private readVarLong(): number {
    const d = this.data;
    let raw = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      const b = d[this.pos++]!;
      raw += (b & 0x7f) * mul;
      if ((b & 0x80) === 0) return raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
      mul *= 128;
    }
    throw new LogFormatError(`record of the batch at offset ${this.header.baseOffset}: varlong longer than 10 bytes`, this.header.position);
  }
}
