/**
 * Decompression of the record section of a compressed batch, for every codec Kafka writes:
 * gzip (node zlib), snappy (raw, or the xerial framing Java clients use), lz4 (Kafka's LZ4 frame
 * format) and zstd (fzstd, a small pure-JS decoder, loaded only when a zstd batch shows up).
 * Snappy and LZ4 block decoding are short enough to do here without a native dependency.
 */
import { gunzipSync } from 'node:zlib';
import { createRequire } from 'node:module';

export type CompressionName = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';
export const COMPRESSION_NAMES: readonly CompressionName[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];

export class CodecError extends Error {}

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
