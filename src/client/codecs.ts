/**
 * Compression codecs for kafkajs. kafkajs only ships gzip; snappy, lz4 and zstd throw
 * "not implemented" (when reading too) until a codec is registered. Registration is global
 * to the kafkajs module, so it happens once per process, before any client is created.
 */
import { createRequire } from 'node:module';

const requireCjs = createRequire(import.meta.url);

export interface KafkajsCodec {
  compress(encoder: { buffer: Buffer }): Promise<Buffer>;
  decompress(buffer: Buffer): Promise<Buffer>;
}

let registered: Promise<void> | undefined;

/** Registers snappy, lz4 and zstd with kafkajs (idempotent, safe to call from every command). */
export function registerCodecs(): Promise<void> {
  return (registered ??= doRegister());
}

async function doRegister(): Promise<void> {
  // this is often the first load of kafkajs: our replacements of its internals go in first
  (await import('./kafkajs-patches.js')).installKafkajsPatches();
  // the CommonJS module object itself: the codec table must be the one kafkajs reads
  const { CompressionTypes, CompressionCodecs } = requireCjs('kafkajs') as typeof import('kafkajs');
  const codecs = CompressionCodecs as unknown as Record<number, () => KafkajsCodec>;
  // kafkajs-snappy reads both raw snappy and the xerial framing the Java client writes
  // the package is the codec factory itself
  codecs[CompressionTypes.Snappy] = requireCjs('kafkajs-snappy') as () => KafkajsCodec;
  const LZ4Codec = requireCjs('kafkajs-lz4') as new () => { codec: () => KafkajsCodec };
  codecs[CompressionTypes.LZ4] = new LZ4Codec().codec;
  const zstd = await zstdCodec();
  codecs[CompressionTypes.ZSTD] = () => zstd;
}

/** Largest batch we agree to inflate when the zstd frame does not state its size. */
const ZSTD_MAX_OUTPUT = 512 * 1024 * 1024;

/**
 * zstd over a WASM build of the reference library (@kafkajs/zstd does not build on Node 20).
 * The Java client writes streaming frames without a content size, so decompression starts
 * from a guess and doubles the output buffer until the frame fits.
 */
interface ZstdWasm {
  init(): Promise<void>;
  compress(buf: Uint8Array, level?: number): Uint8Array;
  decompress(buf: Uint8Array, opts?: { defaultHeapSize: number }): Uint8Array;
}

let zstdReady: Promise<ZstdWasm> | undefined;

/** The WASM module is instantiated once: a second init would swap its memory under live codecs. */
function loadZstd(): Promise<ZstdWasm> {
  return (zstdReady ??= (async () => {
    const z = requireCjs('@bokuweb/zstd-wasm') as ZstdWasm;
    await z.init();
    return z;
  })());
}

export async function zstdCodec(level = 3): Promise<KafkajsCodec> {
  const z = await loadZstd();
  return {
    async compress(encoder) {
      return Buffer.from(z.compress(encoder.buffer, level));
    },
    async decompress(buffer) {
      let size = Math.max(1024 * 1024, buffer.length * 8);
      for (;;) {
        try {
          return Buffer.from(z.decompress(buffer, { defaultHeapSize: size }));
        } catch (err) {
          if (size >= ZSTD_MAX_OUTPUT) throw err;
          size *= 4;
        }
      }
    },
  };
}

/** Kafka's compression.type names mapped to kafkajs CompressionTypes values. */
export const COMPRESSION_NAMES = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;
export type CompressionName = (typeof COMPRESSION_NAMES)[number];

export function compressionTypeOf(name: string): number {
  const i = (COMPRESSION_NAMES as readonly string[]).indexOf(name.toLowerCase());
  if (i < 0) throw new Error(`unknown compression '${name}'`);
  return i; // kafkajs: None=0, GZIP=1, Snappy=2, LZ4=3, ZSTD=4 (the wire attribute values)
}
