/**
 * A bounds-checked big-endian reader over a byte array, with Kafka's zig-zag varints.
 * Every read past the end throws a LogFormatError naming the position, so a truncated or
 * corrupt record is reported instead of silently yielding garbage.
 */
export class LogFormatError extends Error {
  /** byte position in the file (or in the decompressed records) where the problem was found */
  readonly position: number;
  constructor(message: string, position: number) {
    super(message);
    this.name = 'LogFormatError';
    this.position = position;
  }
}

export class ByteReader {
  pos: number;
  constructor(
    readonly buf: Uint8Array,
    start = 0,
    readonly end = buf.length,
    /** added to positions in error messages (e.g. where this slice starts in the file) */
    readonly basePosition = 0,
    readonly what = 'record',
  ) {
    this.pos = start;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  private need(n: number, field: string): void {
    if (n < 0 || this.pos + n > this.end) {
      throw new LogFormatError(`${this.what} truncated: ${field} needs ${n} bytes but only ${this.end - this.pos} remain`, this.basePosition + this.pos);
    }
  }

  int8(field = 'int8'): number {
    this.need(1, field);
    const v = this.buf[this.pos]!;
    this.pos += 1;
    return v > 127 ? v - 256 : v;
  }

  /** unsigned varint, as Kafka's ByteUtils.readUnsignedVarint (at most 5 bytes) */
  private rawVarint(field: string): number {
    let value = 0;
    for (let i = 0; i < 5; i++) {
      this.need(1, field);
      const b = this.buf[this.pos++]!;
      value |= (b & 0x7f) << (i * 7);
      if ((b & 0x80) === 0) return value >>> 0;
    }
    throw new LogFormatError(`${this.what} corrupt: ${field} varint is longer than 5 bytes`, this.basePosition + this.pos);
  }

  varint(field = 'varint'): number {
    const raw = this.rawVarint(field);
    return (raw >>> 1) ^ -(raw & 1);
  }

  /** zig-zag varlong (at most 10 bytes); values beyond 2^53 lose precision, which no sane timestamp has */
  varlong(field = 'varlong'): number {
    let raw = 0n;
    for (let i = 0; i < 10; i++) {
      this.need(1, field);
      const b = this.buf[this.pos++]!;
      raw |= BigInt(b & 0x7f) << BigInt(i * 7);
      if ((b & 0x80) === 0) return Number((raw >> 1n) ^ -(raw & 1n));
    }
    throw new LogFormatError(`${this.what} corrupt: ${field} varlong is longer than 10 bytes`, this.basePosition + this.pos);
  }

  bytes(n: number, field = 'bytes'): Uint8Array {
    this.need(n, field);
    const v = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }
}

export function int16(buf: Uint8Array, at: number): number {
  const v = (buf[at]! << 8) | buf[at + 1]!;
  return v > 0x7fff ? v - 0x10000 : v;
}
export function int32(buf: Uint8Array, at: number): number {
  return (buf[at]! << 24) | (buf[at + 1]! << 16) | (buf[at + 2]! << 8) | buf[at + 3]! | 0;
}
export function uint32(buf: Uint8Array, at: number): number {
  return int32(buf, at) >>> 0;
}
export function int64(buf: Uint8Array, at: number): number {
  const hi = int32(buf, at);
  const lo = uint32(buf, at + 4);
  return hi * 0x1_0000_0000 + lo;
}
