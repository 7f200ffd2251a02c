/**
 * CRC-32C (Castagnoli), the checksum of Kafka's record batch v2. Node's zlib.crc32 is the IEEE
 * polynomial, so this is our own (reflected polynomial 0x82F63B78). It is "slicing-by-8":
 * eight 256-entry tables let the loop consume 8 bytes per step instead of 1, which is what
 * keeps checksumming whole produce batches cheap (the producer computes one per batch).
 */
import { createRequire } from 'node:module';

/** below this size the call into native code costs more than the loop */
const NATIVE_MIN_BYTES = 256;

/**
 * @node-rs/crc32 ships prebuilt SIMD binaries per platform through npm; where none installs,
 * the JS version below does the work (about 60% of the native speed).
 */
const native: ((input: Uint8Array) => number) | undefined = (() => {
  try {
    return (createRequire(import.meta.url)('@node-rs/crc32') as { crc32c(input: Uint8Array): number }).crc32c;
  } catch {
    return undefined;
  }
})();

const TABLES: Uint32Array = (() => {
  const t = new Uint32Array(8 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  // table k: the CRC of byte n followed by k zero bytes
  for (let n = 0; n < 256; n++) {
    let c = t[n]!;
    for (let k = 1; k < 8; k++) {
      c = t[c & 0xff]! ^ (c >>> 8);
      t[k * 256 + n] = c >>> 0;
    }
  }
  return t;
})();

/** CRC-32C of bytes[start, end) as an unsigned 32-bit number (SIMD native code where it loads). */
export function crc32c(bytes: Uint8Array, start = 0, end = bytes.length): number {
  if (native && end - start >= NATIVE_MIN_BYTES) return native(start === 0 && end === bytes.length ? bytes : bytes.subarray(start, end)) >>> 0;
  return crc32cJs(bytes, start, end);
}

/** Our own implementation: the reference, and the fallback where the native module is missing. */
export function crc32cJs(bytes: Uint8Array, start = 0, end = bytes.length): number {
  const t = TABLES;
  let crc = ~0;
  let i = start;
  for (const stop = end - 8; i <= stop; i += 8) {
    const lo = crc ^ (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24));
    const hi = bytes[i + 4]! | (bytes[i + 5]! << 8) | (bytes[i + 6]! << 16) | (bytes[i + 7]! << 24);
    crc =
      t[1792 + (lo & 0xff)]! ^
      t[1536 + ((lo >>> 8) & 0xff)]! ^
      t[1280 + ((lo >>> 16) & 0xff)]! ^
      t[1024 + (lo >>> 24)]! ^
      t[768 + (hi & 0xff)]! ^
      t[512 + ((hi >>> 8) & 0xff)]! ^
      t[256 + ((hi >>> 16) & 0xff)]! ^
      t[hi >>> 24]!;
  }
  for (; i < end; i++) crc = t[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return ~crc >>> 0;
}
