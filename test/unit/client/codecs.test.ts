import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { compressionTypeOf, registerCodecs, zstdCodec } from '../../../src/client/codecs.js';

const hasZstdCli = (() => {
  try {
    execFileSync('zstd', ['--version']);
    return true;
  } catch {
    return false;
  }
})();

describe('codecs', () => {
  it('zstd round-trips a batch larger than the first output guess', async () => {
    const z = await zstdCodec();
    const data = Buffer.from('kafka-lab '.repeat(600_000));
    const packed = await z.compress({ buffer: data });
    expect(packed.length).toBeLessThan(data.length / 100);
    expect((await z.decompress(packed)).equals(data)).toBe(true);
  });

  it.skipIf(!hasZstdCli)('zstd reads streaming frames without a content size (what the Java client writes)', async () => {
    const data = Buffer.from('x'.repeat(3_000_000));
    const frame = execFileSync('zstd', ['-c', '--no-content-size'], { input: data });
    expect((await (await zstdCodec()).decompress(frame)).equals(data)).toBe(true);
  });

  it('registers snappy, lz4 and zstd with kafkajs', async () => {
    await registerCodecs();
    const { createRequire } = await import('node:module');
    const { CompressionCodecs } = createRequire(import.meta.url)('kafkajs') as {
      CompressionCodecs: Record<number, () => { compress(e: { buffer: Buffer }): Promise<Buffer>; decompress(b: Buffer): Promise<Buffer> }>;
    };
    for (const name of ['gzip', 'snappy', 'lz4', 'zstd']) {
      const codec = CompressionCodecs[compressionTypeOf(name)]!();
      const value = Buffer.from(`hello ${name} `.repeat(100));
      expect((await codec.decompress(await codec.compress({ buffer: value }))).equals(value)).toBe(true);
    }
  });
});
