/**
 * Our encoder for Produce requests (v3-v7 share one body layout), used in place of kafkajs's.
 * kafkajs builds every record as its own `Encoder` (a zero-filled 512-byte Buffer), spreads each
 * message into a new object, and copies the pieces together several times; at 100-byte
 * records that was most of the producer's CPU (bench/README.md). Here the sizes come first, then
 * every partition's record batch (v2, see Kafka's DefaultRecordBatch) is written straight into
 * one exactly-sized Buffer and checksummed once with our CRC-32C.
 *
 * Accepted message shape is kafkajs's: key/value as Buffer, string (UTF-8), null/undefined, or
 * anything else (written as String(v)); headers either as kafkajs's object
 * ({name: value | value[]}) or, as kafka-lab passes them, an ordered [{key, value}] array whose
 * values may be null (Kafka allows null header values; kafkajs's own encoder throws on them).
 */
import { crc32c } from '../protocol/crc32c.js';

export type Bytes = Buffer | string | null | undefined;
type HeaderValue = Bytes | Bytes[];
export interface ProduceMessage {
  key?: unknown;
  value?: unknown;
  timestamp?: string | number | null;
  headers?: Record<string, HeaderValue> | { key: string; value: Bytes }[];
}
export interface ProducePartition {
  partition: number;
  messages: ProduceMessage[];
  firstSequence?: number;
}
export interface ProduceTopic {
  topic: string;
  partitions: ProducePartition[];
}
export type Int64 = number | string | bigint | { toString(): string };
export interface ProduceRequestInput {
  acks: number;
  timeout: number;
  transactionalId?: string | null;
  producerId?: Int64;
  producerEpoch?: number;
  /** kafkajs CompressionTypes value = the batch attribute's codec bits */
  compression?: number;
  topicData: ProduceTopic[];
}
/** compresses a records section (the codec API kafkajs's codecs implement) */
export type Compress = (compression: number, records: Buffer) => Promise<Buffer>;

const BATCH_HEADER_SIZE = 61; // baseOffset .. records count
const CRC_START = 21; // the CRC covers attributes to the end
const TRANSACTIONAL_BIT = 0x10;
const CODEC_MASK = 0x07;

function toBigInt(v: Int64 | undefined, fallback: bigint): bigint {
  if (v === undefined || v === null) return fallback;
  if (typeof v === 'bigint') return v;
  return BigInt(typeof v === 'number' ? Math.trunc(v) : v.toString());
}

function sizeOfVarInt(v: number): number {
  let z = ((v << 1) ^ (v >> 31)) >>> 0;
  let n = 1;
  while (z >= 0x80) {
    n++;
    z >>>= 7;
  }
  return n;
}

/** zig-zag varlong size for a safe-integer number (timestamp deltas) */
function sizeOfVarLong(v: number): number {
  let z = v >= 0 ? v * 2 : -v * 2 - 1;
  let n = 1;
  while (z >= 0x80) {
    n++;
    z = Math.floor(z / 128);
  }
  return n;
}

function byteLength(v: unknown): number {
  if (v === null || v === undefined) return -1;
  if (Buffer.isBuffer(v)) return v.length;
  return Buffer.byteLength(typeof v === 'string' ? v : String(v), 'utf8');
}

function sizeOfBytes(len: number): number {
  return len < 0 ? 1 : sizeOfVarInt(len) + len;
}

/** Headers as an ordered list; kafkajs's object form expands arrays in place, like kafkajs does. */
function headerPairs(headers: ProduceMessage['headers']): { key: string; value: Bytes }[] {
  if (!headers) return [];
  if (Array.isArray(headers)) return headers;
  const pairs: { key: string; value: Bytes }[] = [];
  for (const k of Object.keys(headers)) {
    const v = headers[k];
    if (Array.isArray(v)) for (const one of v) pairs.push({ key: k, value: one ?? null });
    else pairs.push({ key: k, value: v ?? null });
  }
  return pairs;
}

class Writer {
  offset = 0;
  constructor(readonly buf: Buffer) {}
  int8(v: number): void {
    this.buf[this.offset++] = v & 0xff;
  }
  int16(v: number): void {
    this.buf.writeInt16BE(v, this.offset);
    this.offset += 2;
  }
  int32(v: number): void {
    this.buf.writeInt32BE(v | 0, this.offset);
    this.offset += 4;
  }
  int64(v: bigint): void {
    this.buf.writeBigInt64BE(v, this.offset);
    this.offset += 8;
  }
  varInt(v: number): void {
    let z = ((v << 1) ^ (v >> 31)) >>> 0;
    const b = this.buf;
    while (z >= 0x80) {
      b[this.offset++] = (z & 0x7f) | 0x80;
      z >>>= 7;
    }
    b[this.offset++] = z;
  }
  varLong(v: number): void {
    let z = v >= 0 ? v * 2 : -v * 2 - 1;
    const b = this.buf;
    while (z >= 0x80) {
      b[this.offset++] = (z % 128) | 0x80;
      z = Math.floor(z / 128);
    }
    b[this.offset++] = z;
  }
  /** varint length + bytes; len is byteLength(v) computed before */
  bytes(v: unknown, len: number): void {
    this.varInt(len);
    if (len <= 0) return;
    if (Buffer.isBuffer(v)) {
      v.copy(this.buf, this.offset);
    } else {
      this.buf.write(typeof v === 'string' ? v : String(v), this.offset, len, 'utf8');
    }
    this.offset += len;
  }
  string16(v: string | null | undefined): void {
    if (v === null || v === undefined) {
      this.int16(-1);
      return;
    }
    const len = Buffer.byteLength(v, 'utf8');
    this.int16(len);
    this.buf.write(v, this.offset, len, 'utf8');
    this.offset += len;
  }
  raw(b: Buffer): void {
    b.copy(this.buf, this.offset);
    this.offset += b.length;
  }
}

interface PartitionPlan {
  partition: number;
  firstSequence: number;
  count: number;
  firstTimestamp: number;
  maxTimestamp: number;
  dateNow: number;
  /** each record's body size (without its own length varint) */
  bodySizes: Uint32Array;
  /** records section size, uncompressed */
  recordsSize: number;
  /** compressed records section, when compressing */
  compressed?: Buffer;
}

function timestampOf(m: ProduceMessage, dateNow: number): number {
  // kafkajs uses `message.timestamp || Date.now()`
  return m.timestamp ? Number(m.timestamp) : dateNow;
}

function planPartition(p: ProducePartition): PartitionPlan {
  const messages = p.messages;
  const dateNow = Date.now();
  let first = Infinity;
  let max = -Infinity;
  for (const m of messages) {
    if (m.timestamp === null || m.timestamp === undefined) continue;
    const t = Number(m.timestamp);
    if (t < first) first = t;
    if (t > max) max = t;
  }
  if (first === Infinity) first = max = dateNow;
  const bodySizes = new Uint32Array(messages.length);
  let recordsSize = 0;
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i]!;
    let size = 1 + sizeOfVarLong(timestampOf(m, dateNow) - first) + sizeOfVarInt(i) + sizeOfBytes(byteLength(m.key)) + sizeOfBytes(byteLength(m.value));
    const headers = headerPairs(m.headers);
    size += sizeOfVarInt(headers.length);
    for (const h of headers) size += sizeOfBytes(Buffer.byteLength(h.key, 'utf8')) + sizeOfBytes(byteLength(h.value));
    bodySizes[i] = size;
    recordsSize += sizeOfVarInt(size) + size;
  }
  return {
    partition: p.partition,
    firstSequence: p.firstSequence ?? 0,
    count: messages.length,
    firstTimestamp: first,
    maxTimestamp: max,
    dateNow,
    bodySizes,
    recordsSize,
  };
}

function writeRecords(w: Writer, p: ProducePartition, plan: PartitionPlan): void {
  const messages = p.messages;
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i]!;
    w.varInt(plan.bodySizes[i]!);
    w.int8(0); // record attributes: unused
    w.varLong(timestampOf(m, plan.dateNow) - plan.firstTimestamp);
    w.varInt(i);
    w.bytes(m.key, byteLength(m.key));
    w.bytes(m.value, byteLength(m.value));
    const headers = headerPairs(m.headers);
    w.varInt(headers.length);
    for (const h of headers) {
      w.bytes(h.key, Buffer.byteLength(h.key, 'utf8'));
      w.bytes(h.value, byteLength(h.value));
    }
  }
}

/**
 * The Produce request body (after the request header), every record batch included, in one
 * Buffer of exactly the right size.
 */
export async function encodeProduceRequest(input: ProduceRequestInput, compress: Compress): Promise<Buffer> {
  const compression = (input.compression ?? 0) & CODEC_MASK;
  const producerId = toBigInt(input.producerId, -1n);
  const producerEpoch = input.producerEpoch ?? 0;
  const attributes = compression | (input.transactionalId ? TRANSACTIONAL_BIT : 0);

  const plans: PartitionPlan[][] = [];
  let total = 2 + (input.transactionalId == null ? 0 : Buffer.byteLength(input.transactionalId, 'utf8')) + 2 + 4 + 4;
  for (const t of input.topicData) {
    const topicPlans: PartitionPlan[] = [];
    total += 2 + Buffer.byteLength(t.topic, 'utf8') + 4;
    for (const p of t.partitions) {
      const plan = planPartition(p);
      if (compression !== 0) {
        const records = new Writer(Buffer.allocUnsafe(plan.recordsSize));
        writeRecords(records, p, plan);
        plan.compressed = await compress(compression, records.buf);
      }
      total += 4 + 4 + BATCH_HEADER_SIZE + (plan.compressed ? plan.compressed.length : plan.recordsSize);
      topicPlans.push(plan);
    }
    plans.push(topicPlans);
  }

  const w = new Writer(Buffer.allocUnsafe(total));
  w.string16(input.transactionalId);
  w.int16(input.acks);
  w.int32(input.timeout);
  w.int32(input.topicData.length);
  input.topicData.forEach((t, ti) => {
    w.string16(t.topic);
    w.int32(t.partitions.length);
    t.partitions.forEach((p, pi) => {
      const plan = plans[ti]![pi]!;
      const batchSize = BATCH_HEADER_SIZE + (plan.compressed ? plan.compressed.length : plan.recordsSize);
      w.int32(plan.partition);
      w.int32(batchSize);
      const start = w.offset;
      w.int64(0n); // base offset: the broker assigns offsets
      w.int32(batchSize - 12); // batch length: everything after this field
      w.int32(0); // partition leader epoch (kafkajs sends 0 too)
      w.int8(2); // magic
      const crcAt = w.offset;
      w.int32(0); // CRC, filled in below
      w.int16(attributes);
      w.int32(plan.count - 1); // last offset delta
      w.int64(BigInt(plan.firstTimestamp));
      w.int64(BigInt(plan.maxTimestamp));
      w.int64(producerId);
      w.int16(producerEpoch);
      w.int32(plan.firstSequence);
      w.int32(plan.count);
      if (plan.compressed) w.raw(plan.compressed);
      else writeRecords(w, p, plan);
      w.buf.writeUInt32BE(crc32c(w.buf, start + CRC_START, w.offset), crcAt);
    });
  });
  if (w.offset !== total) throw new Error(`produce encoder: wrote ${w.offset} bytes, planned ${total}`);
  return w.buf;
}
