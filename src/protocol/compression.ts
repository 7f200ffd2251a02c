/**
 * The one compression module of kafka-lab, for every codec Kafka writes, both ways and
 * synchronously (the record-batch codec calls it inline): gzip (node zlib), snappy (raw
 * blocks, or the xerial framing Java clients write), lz4 (Kafka's LZ4 frame format) and zstd.
 * Snappy and LZ4 are short enough to own here (no native module, no WASM); zstd is decoded by
 * fzstd (pure JS) and encoded by the reference library built to WASM, which needs one
 * asynchronous initialisation: call `prepareCodec('zstd')` before compressing with it.
 */
import { createRequire } from 'node:module';
import { gunzipSync, gzipSync } from 'node:zlib';

export type CompressionName = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';
/** indexed by the codec id of a batch's attributes */
export const COMPRESSION_NAMES: readonly CompressionName[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];

export class CodecError extends Error {}

export function compressionId(name: CompressionName): number {
  return COMPRESSION_NAMES.indexOf(name);
}

export function isCompressionName(name: string): name is CompressionName {
  return (COMPRESSION_NAMES as readonly string[]).includes(name);
}

const requireCjs = createRequire(import.meta.url);

interface ZstdWasm {
  init(): Promise<void>;
  compress(buf: Uint8Array, level?: number): Uint8Array;
}
let zstdEncoder: ZstdWasm | undefined;
let zstdReady: Promise<void> | undefined;

/** Loads what a codec needs before the first synchronous compress (only zstd needs anything). */
export function prepareCodec(name: CompressionName): Promise<void> {
  if (name !== 'zstd') return Promise.resolve();
  // the WASM module is instantiated once: a second init would swap its memory under a live encoder
  return (zstdReady ??= (async () => {
    const z = requireCjs('@bokuweb/zstd-wasm') as ZstdWasm;
    await z.init();
    zstdEncoder = z;
  })());
}

export function compress(codec: CompressionName, data: Uint8Array): Buffer {
  switch (codec) {
    case 'none':
      return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    case 'gzip':
      return gzipSync(data);
    case 'snappy':
      return snappyXerialCompress(data);
    case 'lz4':
      return lz4FrameCompress(data);
    case 'zstd': {
      if (!zstdEncoder) throw new CodecError('zstd: the encoder is not initialised (prepareCodec)');
      return Buffer.from(zstdEncoder.compress(data, 3));
    }
  }
}

export function decompress(codec: CompressionName, data: Uint8Array): Uint8Array {
  switch (codec) {
    case 'none':
      return data;
    case 'gzip':
      try {
        return gunzipSync(data);
      } catch (e) {
        throw new CodecError(`gzip: ${(e as Error).message}`);
      }
    case 'snappy':
      return snappyDecompress(data);
    case 'lz4':
      return lz4FrameDecompress(data);
    case 'zstd':
      return zstdDecompress(data);
  }
}

// ---------------------------------------------------------------- snappy

const XERIAL_MAGIC = [0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]; // \x82SNAPPY\0

function isXerial(data: Uint8Array): boolean {
  return data.length >= 16 && XERIAL_MAGIC.every((b, i) => data[i] === b);
}

/** Snappy as Kafka's Java client writes it (xerial: 16-byte header, then [int32 length][raw block]...) or raw. */
export function snappyDecompress(data: Uint8Array): Uint8Array {
  if (!isXerial(data)) return snappyRawDecompress(data);
  const parts: Uint8Array[] = [];
  let pos = 16;
  while (pos < data.length) {
    if (pos + 4 > data.length) throw new CodecError(`snappy: xerial chunk header truncated at ${pos}`);
    const len = ((data[pos]! << 24) | (data[pos + 1]! << 16) | (data[pos + 2]! << 8) | data[pos + 3]!) >>> 0;
    pos += 4;
    if (pos + len > data.length) throw new CodecError(`snappy: xerial chunk of ${len} bytes truncated at ${pos}`);
    parts.push(snappyRawDecompress(data.subarray(pos, pos + len)));
    pos += len;
  }
  return concat(parts);
}

export function snappyRawDecompress(src: Uint8Array): Uint8Array {
  let pos = 0;
  let length = 0;
  for (let shift = 0; ; shift += 7) {
    if (pos >= src.length || shift > 28) throw new CodecError('snappy: bad length preamble');
    const b = src[pos++]!;
    length += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) break;
  }
  const out = new Uint8Array(length);
  let o = 0;
  while (pos < src.length) {
    const tag = src[pos++]!;
    const type = tag & 3;
    if (type === 0) {
      let len = tag >>> 2;
      if (len >= 60) {
        const extra = len - 59;
        if (pos + extra > src.length) throw new CodecError('snappy: literal length truncated');
        len = 0;
        for (let i = 0; i < extra; i++) len |= src[pos + i]! << (8 * i);
        len = len >>> 0;
        pos += extra;
      }
      len += 1;
      if (pos + len > src.length || o + len > length) throw new CodecError('snappy: literal overruns its buffer');
      out.set(src.subarray(pos, pos + len), o);
      pos += len;
      o += len;
      continue;
    }
    let len: number;
    let offset: number;
    if (type === 1) {
      if (pos >= src.length) throw new CodecError('snappy: copy truncated');
      len = ((tag >>> 2) & 7) + 4;
      offset = ((tag >>> 5) << 8) | src[pos++]!;
    } else if (type === 2) {
      if (pos + 2 > src.length) throw new CodecError('snappy: copy truncated');
      len = (tag >>> 2) + 1;
      offset = src[pos]! | (src[pos + 1]! << 8);
      pos += 2;
    } else {
      if (pos + 4 > src.length) throw new CodecError('snappy: copy truncated');
      len = (tag >>> 2) + 1;
      offset = (src[pos]! | (src[pos + 1]! << 8) | (src[pos + 2]! << 16) | (src[pos + 3]! << 24)) >>> 0;
      pos += 4;
    }
    if (offset === 0 || offset > o || o + len > length) throw new CodecError('snappy: copy refers outside the output');
    for (let i = 0; i < len; i++, o++) out[o] = out[o - offset]!;
  }
  if (o !== length) throw new CodecError(`snappy: expected ${length} bytes, got ${o}`);
  return out;
}

// ---------------------------------------------------------------- lz4

/** LZ4 frame (magic 0x184D2204), as Kafka's KafkaLZ4BlockOutputStream writes it. */
export function lz4FrameDecompress(src: Uint8Array): Uint8Array {
  if (src.length < 7 || src[0] !== 0x04 || src[1] !== 0x22 || src[2] !== 0x4d || src[3] !== 0x18) {
    throw new CodecError('lz4: missing frame magic 0x184D2204');
  }
  const flg = src[4]!;
  const blockChecksum = (flg & 0x10) !== 0;
  const contentSize = (flg & 0x08) !== 0;
  const contentChecksum = (flg & 0x04) !== 0;
  const dictId = (flg & 0x01) !== 0;
  let pos = 6 + (contentSize ? 8 : 0) + (dictId ? 4 : 0) + 1; // FLG, BD, [size], [dict], header checksum
  const parts: Uint8Array[] = [];
  for (;;) {
    if (pos + 4 > src.length) throw new CodecError('lz4: frame truncated (no end mark)');
    const word = (src[pos]! | (src[pos + 1]! << 8) | (src[pos + 2]! << 16) | (src[pos + 3]! << 24)) >>> 0;
    pos += 4;
    if (word === 0) break;
    const size = word & 0x7fffffff;
    if (pos + size > src.length) throw new CodecError('lz4: block truncated');
    const block = src.subarray(pos, pos + size);
    parts.push((word & 0x80000000) !== 0 ? block : lz4BlockDecompress(block));
    pos += size + (blockChecksum ? 4 : 0);
  }
  if (contentChecksum) pos += 4;
  return concat(parts);
}

export function lz4BlockDecompress(src: Uint8Array): Uint8Array {
  let out = new Uint8Array(Math.max(64, src.length * 4));
  let o = 0;
  const ensure = (n: number) => {
    if (o + n <= out.length) return;
    let size = out.length * 2;
    while (size < o + n) size *= 2;
    const bigger = new Uint8Array(size);
    bigger.set(out.subarray(0, o));
    out = bigger;
  };
  let pos = 0;
  while (pos < src.length) {
    const token = src[pos++]!;
    let lit = token >>> 4;
    if (lit === 15) {
      let b: number;
      do {
        if (pos >= src.length) throw new CodecError('lz4: literal length truncated');
        b = src[pos++]!;
        lit += b;
      } while (b === 255);
    }
    if (pos + lit > src.length) throw new CodecError('lz4: literals overrun the block');
    ensure(lit);
    out.set(src.subarray(pos, pos + lit), o);
    pos += lit;
    o += lit;
    if (pos >= src.length) break; // last sequence has literals only
    if (pos + 2 > src.length) throw new CodecError('lz4: match offset truncated');
    const offset = src[pos]! | (src[pos + 1]! << 8);
    pos += 2;
    let len = token & 15;
    if (len === 15) {
      let b: number;
      do {
        if (pos >= src.length) throw new CodecError('lz4: match length truncated');
        b = src[pos++]!;
        len += b;
      } while (b === 255);
    }
    len += 4;
    if (offset === 0 || offset > o) throw new CodecError('lz4: match refers outside the output');
    ensure(len);
    for (let i = 0; i < len; i++, o++) out[o] = out[o - offset]!;
  }
  return out.subarray(0, o);
}

// ---------------------------------------------------------------- zstd

let fzstd: { decompress(d: Uint8Array): Uint8Array } | undefined;
function zstdDecompress(data: Uint8Array): Uint8Array {
  // loaded on demand: only zstd batches pay for it
  fzstd ??= createRequire(import.meta.url)('fzstd') as { decompress(d: Uint8Array): Uint8Array };
  try {
    return fzstd.decompress(data);
  } catch (e) {
    throw new CodecError(`zstd: ${(e as Error).message}`);
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

// ---------------------------------------------------------------- encoders

const HASH_BITS = 14;

function hash4(src: Uint8Array, i: number): number {
  const v = src[i]! | (src[i + 1]! << 8) | (src[i + 2]! << 16) | (src[i + 3]! << 24);
  return Math.imul(v, 0x1e35a7bd) >>> (32 - HASH_BITS);
}

function equal4(src: Uint8Array, a: number, b: number): boolean {
  return src[a] === src[b] && src[a + 1] === src[b + 1] && src[a + 2] === src[b + 2] && src[a + 3] === src[b + 3];
}

/** Snappy's block size: the xerial framing Java writes cuts input into 32 KiB chunks. */
const SNAPPY_CHUNK = 32 * 1024;

/** Snappy in the xerial framing (\x82SNAPPY\0, version 1, compatible 1, then [int32 length][raw block]...), as Kafka's Java producer writes. */
export function snappyXerialCompress(data: Uint8Array): Buffer {
  const parts: Buffer[] = [Buffer.from([...XERIAL_MAGIC, 0, 0, 0, 1, 0, 0, 0, 1])];
  for (let at = 0; at < data.length || (at === 0 && data.length === 0); at += SNAPPY_CHUNK) {
    const block = snappyRawCompress(data.subarray(at, Math.min(data.length, at + SNAPPY_CHUNK)));
    const len = Buffer.allocUnsafe(4);
    len.writeUInt32BE(block.length);
    parts.push(len, block);
    if (data.length === 0) break;
  }
  return Buffer.concat(parts);
}

/** One raw snappy block: a varint length preamble, then literals and copies (greedy, one hash probe). */
export function snappyRawCompress(src: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(32 + src.length + Math.ceil(src.length / 6));
  let o = 0;
  for (let n = src.length; ; n >>>= 7) {
    if (n < 0x80) {
      out[o++] = n;
      break;
    }
    out[o++] = (n & 0x7f) | 0x80;
  }
  const table = new Int32Array(1 << HASH_BITS).fill(-1);
  let literalStart = 0;
  let i = 0;
  const end = src.length - 4;
  const emitLiteral = (from: number, to: number) => {
    let len = to - from;
    if (len === 0) return;
    const n = len - 1;
    if (n < 60) out[o++] = n << 2;
    else if (n < 0x100) {
      out[o++] = 60 << 2;
      out[o++] = n;
    } else if (n < 0x10000) {
      out[o++] = 61 << 2;
      out[o++] = n & 0xff;
      out[o++] = n >>> 8;
    } else {
      out[o++] = 62 << 2;
      out[o++] = n & 0xff;
      out[o++] = (n >>> 8) & 0xff;
      out[o++] = n >>> 16;
    }
    for (; len > 0; len--) out[o++] = src[from++]!;
  };
  while (i <= end) {
    const h = hash4(src, i);
    const candidate = table[h]!;
    table[h] = i;
    if (candidate < 0 || i - candidate > 0xffff || !equal4(src, candidate, i)) {
      i++;
      continue;
    }
    emitLiteral(literalStart, i);
    let len = 4;
    while (i + len < src.length && src[candidate + len] === src[i + len]) len++;
    const offset = i - candidate;
    // copies of at most 64 bytes each (the 2-byte offset form takes lengths 1-64)
    for (let left = len; left > 0; ) {
      const n = Math.min(left, 64);
      out[o++] = ((n - 1) << 2) | 2;
      out[o++] = offset & 0xff;
      out[o++] = offset >>> 8;
      left -= n;
    }
    i += len;
    literalStart = i;
  }
  emitLiteral(literalStart, src.length);
  return out.subarray(0, o);
}

/** The LZ4 frame Kafka's KafkaLZ4BlockOutputStream writes: 64 KiB independent blocks, no checksums. */
export function lz4FrameCompress(data: Uint8Array): Buffer {
  // FLG: version 01, block independence; BD: 64 KiB max block; HC = (xxh32(FLG,BD) >> 8) & 0xff
  const header = Buffer.from([0x04, 0x22, 0x4d, 0x18, 0x60, 0x40, 0x82]);
  const parts: Buffer[] = [header];
  const BLOCK = 64 * 1024;
  for (let at = 0; at < data.length; at += BLOCK) {
    const chunk = data.subarray(at, Math.min(data.length, at + BLOCK));
    const block = lz4BlockCompress(chunk);
    const size = Buffer.allocUnsafe(4);
    if (block.length >= chunk.length) {
      size.writeUInt32LE((chunk.length | 0x80000000) >>> 0);
      parts.push(size, Buffer.from(chunk));
    } else {
      size.writeUInt32LE(block.length);
      parts.push(size, block);
    }
  }
  parts.push(Buffer.alloc(4)); // end mark
  return Buffer.concat(parts);
}

/** One LZ4 block (greedy, one hash probe), following the format's end-of-block rules. */
export function lz4BlockCompress(src: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(16 + src.length + Math.ceil(src.length / 255));
  let o = 0;
  const table = new Int32Array(1 << HASH_BITS).fill(-1);
  // the last match must start at least 12 bytes before the end, the last 5 bytes are literals
  const matchLimit = src.length - 12;
  let anchor = 0;
  let i = 0;
  const writeLength = (n: number) => {
    for (; n >= 255; n -= 255) out[o++] = 255;
    out[o++] = n;
  };
  while (i < matchLimit) {
    const h = hash4(src, i);
    const candidate = table[h]!;
    table[h] = i;
    if (candidate < 0 || i - candidate > 0xffff || !equal4(src, candidate, i)) {
      i++;
      continue;
    }
    let len = 4;
    while (i + len < src.length - 5 && src[candidate + len] === src[i + len]) len++;
    const lit = i - anchor;
    const token = o++;
    out[token] = (Math.min(lit, 15) << 4) | Math.min(len - 4, 15);
    if (lit >= 15) writeLength(lit - 15);
    for (let k = anchor; k < i; k++) out[o++] = src[k]!;
    const offset = i - candidate;
    out[o++] = offset & 0xff;
    out[o++] = offset >>> 8;
    if (len - 4 >= 15) writeLength(len - 4 - 15);
    i += len;
    anchor = i;
  }
  const lit = src.length - anchor;
  out[o++] = Math.min(lit, 15) << 4;
  if (lit >= 15) writeLength(lit - 15);
  for (let k = anchor; k < src.length; k++) out[o++] = src[k]!;
  return out.subarray(0, o);
}
