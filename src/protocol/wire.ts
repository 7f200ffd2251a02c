/**
 * A reader for flexible (compact, tagged) Kafka responses over one contiguous Buffer, for the
 * responses we decode ourselves (Produce, Fetch): record sections stay slices of the response
 * instead of being copied or decoded.
 */
export class WireReader {
  pos: number;
  constructor(
    readonly buf: Buffer,
    start = 0,
  ) {
    this.pos = start;
  }

  int8(): number {
    return this.buf.readInt8(this.pos++);
  }
  int16(): number {
    const v = this.buf.readInt16BE(this.pos);
    this.pos += 2;
    return v;
  }
  int32(): number {
    const v = this.buf.readInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  int64(): bigint {
    const v = this.buf.readBigInt64BE(this.pos);
    this.pos += 8;
    return v;
  }
  /** int64 as a number: offsets and timestamps stay below 2^53 */
  int64n(): number {
    const hi = this.buf.readInt32BE(this.pos);
    const lo = this.buf.readUInt32BE(this.pos + 4);
    this.pos += 8;
    return hi * 0x1_0000_0000 + lo;
  }
  uvarint(): number {
    let v = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const b = this.buf[this.pos++]!;
      v |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) return v >>> 0;
    }
    throw new Error('malformed unsigned varint in a response');
  }
  compactString(): string | null {
    const n = this.uvarint();
    if (n === 0) return null;
    const s = this.buf.toString('utf8', this.pos, this.pos + n - 1);
    this.pos += n - 1;
    return s;
  }
  /** COMPACT_BYTES / COMPACT_RECORDS as a slice of the response (null when absent) */
  compactBytes(): Buffer | null {
    const n = this.uvarint();
    if (n === 0) return null;
    const v = this.buf.subarray(this.pos, this.pos + n - 1);
    this.pos += n - 1;
    return v;
  }
  /** STRING / NULLABLE_STRING of the classic (non-flexible) versions: INT16 length, -1 for null */
  string(): string | null {
    const n = this.int16();
    if (n < 0) return null;
    const s = this.buf.toString('utf8', this.pos, this.pos + n);
    this.pos += n;
    return s;
  }
  /** element count of a classic ARRAY (INT32, -1 for null) */
  arrayLength(): number {
    return this.int32();
  }
  /** element count of a COMPACT_ARRAY (-1 for null) */
  compactArrayLength(): number {
    return this.uvarint() - 1;
  }
  skipTags(): void {
    const n = this.uvarint();
    for (let i = 0; i < n; i++) {
      this.uvarint();
      this.pos += this.uvarint();
    }
  }
  /** tagged fields as tag -> raw bytes */
  tags(): Map<number, Buffer> {
    const out = new Map<number, Buffer>();
    const n = this.uvarint();
    for (let i = 0; i < n; i++) {
      const tag = this.uvarint();
      const size = this.uvarint();
      out.set(tag, this.buf.subarray(this.pos, this.pos + size));
      this.pos += size;
    }
    return out;
  }
}
