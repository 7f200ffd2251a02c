/**
 * `--offsets-decoder`: the records of __consumer_offsets as JSON, the way kafka-dump-log prints
 * them: OffsetCommitKey/Value (types 0-1) and GroupMetadataKey/Value (type 2), with the consumer
 * protocol's subscription and assignment of each member decoded too. Field order follows Kafka's
 * message schemas so the JSON text matches Kafka's JsonConverters.
 */
import type { LogRecord } from '../protocol/record-batch.js';

class Readable {
  pos = 0;
  constructor(
    private readonly b: Buffer,
    private readonly flexible = false,
  ) {}
  int8(): number {
    const v = this.b.readInt8(this.pos);
    this.pos += 1;
    return v;
  }
  int16(): number {
    const v = this.b.readInt16BE(this.pos);
    this.pos += 2;
    return v;
  }
  int32(): number {
    const v = this.b.readInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  int64(): number {
    const v = this.b.readBigInt64BE(this.pos);
    this.pos += 8;
    return Number(v);
  }
  uvarint(): number {
    let v = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const byte = this.b.readUInt8(this.pos++);
      v += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return v;
    }
    throw new Error('varint too long');
  }
  private take(n: number): Buffer {
    if (n < 0 || this.pos + n > this.b.length) throw new Error(`field of ${n} bytes runs past the record`);
    const v = this.b.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }
  nullableString(): string | null {
    const n = this.flexible ? this.uvarint() - 1 : this.int16();
    return n < 0 ? null : this.take(n).toString('utf8');
  }
  string(): string {
    const s = this.nullableString();
    if (s === null) throw new Error('non-nullable string is null');
    return s;
  }
  nullableBytes(): Buffer | null {
    const n = this.flexible ? this.uvarint() - 1 : this.int32();
    return n < 0 ? null : this.take(n);
  }
  array<T>(item: () => T): T[] {
    const n = this.flexible ? this.uvarint() - 1 : this.int32();
    const out: T[] = [];
    for (let i = 0; i < n; i++) out.push(item());
    return out;
  }
  /** tagged fields of a flexible struct: skipped (none of these schemas defines any) */
  taggedFields(): void {
    if (!this.flexible) return;
    const n = this.uvarint();
    for (let i = 0; i < n; i++) {
      this.uvarint();
      this.take(this.uvarint());
    }
  }
}

function topicPartitions(r: Readable) {
  return r.array(() => ({ topic: r.string(), partitions: r.array(() => r.int32()) }));
}

function subscription(bytes: Buffer): unknown {
  const r = new Readable(bytes);
  const v = r.int16();
  if (v < 0 || v > 3) throw new Error(`subscription version ${v}`);
  const s: Record<string, unknown> = { topics: r.array(() => r.string()) };
  const userData = r.nullableBytes();
  s.userData = userData === null ? null : userData.toString('base64');
  if (v >= 1) s.ownedPartitions = topicPartitions(r);
  if (v >= 2) s.generationId = r.int32();
  if (v >= 3) s.rackId = r.nullableString();
  return s;
}

function assignment(bytes: Buffer): unknown {
  const r = new Readable(bytes);
  const v = r.int16();
  if (v < 0 || v > 3) throw new Error(`assignment version ${v}`);
  const a: Record<string, unknown> = { assignedPartitions: topicPartitions(r) };
  const userData = r.nullableBytes();
  a.userData = userData === null ? null : userData.toString('base64');
  return a;
}

/** Kafka keeps the raw bytes (base64) when an embedded protocol blob does not parse. */
function decodedOrBase64(bytes: Buffer | null, decode: (b: Buffer) => unknown): unknown {
  if (bytes === null) return null;
  try {
    return decode(bytes);
  } catch {
    return bytes.toString('base64');
  }
}

function offsetCommitValue(r: Readable, v: number): Record<string, unknown> {
  const o: Record<string, unknown> = { offset: r.int64() };
  if (v >= 3) o.leaderEpoch = r.int32();
  o.metadata = r.string();
  o.commitTimestamp = r.int64();
  if (v === 1) o.expireTimestamp = r.int64();
  r.taggedFields();
  return o;
}

function groupMetadataValue(r: Readable, v: number): Record<string, unknown> {
  const g: Record<string, unknown> = { protocolType: r.string(), generation: r.int32(), protocol: r.nullableString(), leader: r.nullableString() };
  if (v >= 2) g.currentStateTimestamp = r.int64();
  const consumer = g.protocolType === 'consumer';
  g.members = r.array(() => {
    const m: Record<string, unknown> = { memberId: r.string() };
    if (v >= 3) m.groupInstanceId = r.nullableString();
    m.clientId = r.string();
    m.clientHost = r.string();
    if (v >= 1) m.rebalanceTimeout = r.int32();
    m.sessionTimeout = r.int32();
    const sub = r.nullableBytes();
    const asg = r.nullableBytes();
    m.subscription = consumer ? decodedOrBase64(sub, subscription) : (sub?.toString('base64') ?? null);
    m.assignment = consumer ? decodedOrBase64(asg, assignment) : (asg?.toString('base64') ?? null);
    r.taggedFields();
    return m;
  });
  r.taggedFields();
  return g;
}

/** Key and payload text for one __consumer_offsets record; payload undefined means "print none". */
export function decodeOffsetsRecord(record: LogRecord): { key: string; payload?: string } {
  if (record.key === null)
    return {
      key: `Error at offset ${record.offset}, skipping. Failed to decode message at offset ${record.offset} using offset topic decoder (message had a missing key)`,
    };
  try {
    const kr = new Readable(Buffer.from(record.key));
    const type = kr.int16();
    let keyData: Record<string, unknown>;
    if (type === 0 || type === 1) keyData = { group: kr.string(), topic: kr.string(), partition: kr.int32() };
    else if (type === 2) keyData = { group: kr.string() };
    else return { key: `Unknown record type ${type} at offset ${record.offset}, skipping.` };
    const key = JSON.stringify({ type: String(type), data: keyData });
    if (record.value === null) return { key, payload: '<DELETE>' };
    const vb = Buffer.from(record.value);
    const version = vb.readInt16BE(0);
    const max = type === 2 ? 4 : 4;
    if (version < 0 || version > max) throw new Error(`Unknown ${type === 2 ? 'group metadata' : 'offset commit'} value version ${version}`);
    const vr = new Readable(vb.subarray(2), version >= 4);
    const data = type === 2 ? groupMetadataValue(vr, version) : offsetCommitValue(vr, version);
    return { key, payload: JSON.stringify({ version: String(version), data }) };
  } catch (e) {
    return { key: `Error at offset ${record.offset}, skipping. ${(e as Error).message}` };
  }
}
