/**
 * Java's ConsumerProtocol: the bytes a classic consumer group carries in JoinGroup (a member's
 * subscription) and SyncGroup (its assignment). We write version 0 and read any version (later
 * versions only append fields), so Java members and ours understand each other.
 */

export interface MemberSubscription {
  topics: string[];
  userData: Buffer | null;
}

export type PartitionAssignment = Map<string, number[]>;

class Out {
  private parts: Buffer[] = [];
  int16(v: number): this {
    const b = Buffer.allocUnsafe(2);
    b.writeInt16BE(v);
    this.parts.push(b);
    return this;
  }
  int32(v: number): this {
    const b = Buffer.allocUnsafe(4);
    b.writeInt32BE(v);
    this.parts.push(b);
    return this;
  }
  string(s: string): this {
    const b = Buffer.from(s, 'utf8');
    this.int16(b.length);
    this.parts.push(b);
    return this;
  }
  bytes(b: Buffer | null): this {
    if (b === null) return this.int32(-1);
    this.int32(b.length);
    this.parts.push(b);
    return this;
  }
  done(): Buffer {
    return Buffer.concat(this.parts);
  }
}

class In {
  private pos = 0;
  constructor(private readonly b: Buffer) {}
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
  string(): string {
    const n = this.int16();
    const s = this.b.toString('utf8', this.pos, this.pos + n);
    this.pos += n;
    return s;
  }
  bytes(): Buffer | null {
    const n = this.int32();
    if (n < 0) return null;
    const v = this.b.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }
  get left(): number {
    return this.b.length - this.pos;
  }
}

export function encodeSubscription(topics: string[], userData: Buffer | null = null): Buffer {
  const o = new Out().int16(0).int32(topics.length);
  for (const t of topics) o.string(t);
  return o.bytes(userData).done();
}

export function decodeSubscription(buf: Buffer | null): MemberSubscription {
  if (!buf || buf.length < 6) return { topics: [], userData: null };
  const i = new In(buf);
  i.int16();
  const topics: string[] = [];
  for (let n = i.int32(), k = 0; k < n; k++) topics.push(i.string());
  const userData = i.left >= 4 ? i.bytes() : null;
  return { topics, userData };
}

export function encodeAssignment(assignment: PartitionAssignment, userData: Buffer | null = null): Buffer {
  const o = new Out().int16(0).int32(assignment.size);
  for (const [topic, partitions] of assignment) {
    o.string(topic).int32(partitions.length);
    for (const p of partitions) o.int32(p);
  }
  return o.bytes(userData).done();
}

export function decodeAssignment(buf: Buffer | null): PartitionAssignment {
  const out: PartitionAssignment = new Map();
  if (!buf || buf.length < 6) return out;
  const i = new In(buf);
  i.int16();
  for (let n = i.int32(), k = 0; k < n; k++) {
    const topic = i.string();
    const partitions: number[] = [];
    for (let m = i.int32(), j = 0; j < m; j++) partitions.push(i.int32());
    out.set(
      topic,
      partitions.sort((a, b) => a - b),
    );
  }
  return out;
}
