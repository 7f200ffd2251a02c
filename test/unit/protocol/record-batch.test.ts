import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ByteReader, LogFormatError } from '../../../src/protocol/bytes.js';
import { lz4BlockDecompress, lz4FrameDecompress, snappyDecompress } from '../../../src/protocol/compression.js';
import { crc32c } from '../../../src/protocol/crc32c.js';
import { lookupPosition, offsetIndexEntries, timeIndexEntries } from '../../../src/log/index-files.js';
import { incrementSequence, readRecords, scanBatches } from '../../../src/protocol/record-batch.js';
import { batchLine, dumpFiles, recordLine } from '../../../src/format/dump-log.js';
import { javaStringHash } from '../../../src/util/java-hash.js';

function zigzag(n: number): number[] {
  let v = BigInt(n);
  v = v >= 0n ? v << 1n : (-v << 1n) - 1n;
  const out: number[] = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) b |= 0x80;
    out.push(b);
  } while (v > 0n);
  return out;
}
const bytes = (s: string) => [...Buffer.from(s)];

interface TestRecord {
  key: string | null;
  value: string | null;
  headers?: [string, string][];
  tsDelta?: number;
}
function encodeRecord(r: TestRecord, offsetDelta: number): number[] {
  const body = [0, ...zigzag(r.tsDelta ?? 0), ...zigzag(offsetDelta)];
  body.push(...(r.key === null ? zigzag(-1) : [...zigzag(Buffer.byteLength(r.key)), ...bytes(r.key)]));
  body.push(...(r.value === null ? zigzag(-1) : [...zigzag(Buffer.byteLength(r.value)), ...bytes(r.value)]));
  const hs = r.headers ?? [];
  body.push(...zigzag(hs.length));
  for (const [k, v] of hs) body.push(...zigzag(Buffer.byteLength(k)), ...bytes(k), ...zigzag(Buffer.byteLength(v)), ...bytes(v));
  return [...zigzag(body.length), ...body];
}

/** A v2 batch as a broker stores it (for the reader under test, written independently here). */
function encodeBatch(
  records: TestRecord[],
  o: { baseOffset?: number; attributes?: number; compress?: (b: Buffer) => Buffer; baseSequence?: number } = {},
): Buffer {
  let recs = Buffer.from(records.flatMap((r, i) => encodeRecord(r, i)));
  if (o.compress) recs = o.compress(recs);
  const b = Buffer.alloc(61 + recs.length);
  b.writeBigInt64BE(BigInt(o.baseOffset ?? 0), 0);
  b.writeInt32BE(b.length - 12, 8);
  b.writeInt32BE(3, 12);
  b.writeInt8(2, 16);
  b.writeInt16BE(o.attributes ?? 0, 21);
  b.writeInt32BE(records.length - 1, 23);
  b.writeBigInt64BE(1700000000000n, 27);
  b.writeBigInt64BE(1700000000009n, 35);
  b.writeBigInt64BE(-1n, 43);
  b.writeInt16BE(-1, 51);
  b.writeInt32BE(o.baseSequence ?? -1, 53);
  b.writeInt32BE(records.length, 57);
  recs.copy(b, 61);
  b.writeUInt32BE(crc32c(b, 21, b.length), 17);
  return b;
}

describe('crc32c', () => {
  it('matches the Castagnoli check value', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    expect(crc32c(new Uint8Array(0))).toBe(0);
  });
});

describe('varints', () => {
  it('decodes zig-zag varints and varlongs', () => {
    const r = new ByteReader(Uint8Array.from([...zigzag(-1), ...zigzag(300), ...zigzag(-1700000000000)]));
    expect(r.varint()).toBe(-1);
    expect(r.varint()).toBe(300);
    expect(r.varlong()).toBe(-1700000000000);
  });
  it('reports a truncated varint with its position', () => {
    const r = new ByteReader(Uint8Array.from([0x80, 0x80]), 0, 2, 100, 'record');
    expect(() => r.varint('key length')).toThrow(LogFormatError);
    try {
      r.varint();
    } catch (e) {
      expect((e as LogFormatError).position).toBe(102);
    }
  });
  it('wraps sequences like Kafka', () => {
    expect(incrementSequence(5, 3)).toBe(8);
    expect(incrementSequence(0x7fffffff, 1)).toBe(0);
  });
});

describe('codecs', () => {
  it('decodes raw and xerial-framed snappy', () => {
    const raw = Uint8Array.from([12, 0x08, ...bytes('abc'), 0x15, 3]);
    expect(Buffer.from(snappyDecompress(raw)).toString()).toBe('abcabcabcabc');
    const header = [0x82, ...bytes('SNAPPY'), 0, 0, 0, 0, 1, 0, 0, 0, 1];
    const framed = Uint8Array.from([...header, 0, 0, 0, raw.length, ...raw, 0, 0, 0, raw.length, ...raw]);
    expect(Buffer.from(snappyDecompress(framed)).toString()).toBe('abcabcabcabc'.repeat(2));
  });
  it('decodes an LZ4 block and frame', () => {
    const block = Uint8Array.from([0x35, ...bytes('abc'), 3, 0, 0x00]);
    expect(Buffer.from(lz4BlockDecompress(block)).toString()).toBe('abcabcabcabc');
    const frame = Uint8Array.from([0x04, 0x22, 0x4d, 0x18, 0x60, 0x40, 0x82, block.length, 0, 0, 0, ...block, 5, 0, 0, 0x80, ...bytes('hello'), 0, 0, 0, 0]);
    expect(Buffer.from(lz4FrameDecompress(frame)).toString()).toBe('abcabcabcabchello');
  });
  it('rejects an LZ4 frame without its magic', () => {
    expect(() => lz4FrameDecompress(Uint8Array.from([1, 2, 3, 4, 5, 6, 7]))).toThrow(/magic/);
  });
});

describe('record batch reader', () => {
  const records: TestRecord[] = [
    {
      key: 'k1',
      value: 'hello',
      headers: [
        ['h1', 'v1'],
        ['trace', 'x'],
      ],
    },
    { key: null, value: 'no key', tsDelta: 5 },
    { key: 'tomb', value: null },
  ];

  it('reads headers, null keys and values, offsets, sequences and validates the CRC', () => {
    const buf = encodeBatch(records, { baseOffset: 10, baseSequence: 4 });
    const scan = scanBatches(buf);
    expect(scan.stoppedAt).toBeUndefined();
    const [b] = scan.batches;
    expect(b).toMatchObject({ baseOffset: 10, lastOffset: 12, recordsCount: 3, isValid: true, compression: 'none', lastSequence: 6, partitionLeaderEpoch: 3 });
    const rs = readRecords(buf, b!);
    expect(rs.map((r) => r.offset)).toEqual([10, 11, 12]);
    expect(rs[1]!.timestamp).toBe(1700000000005);
    expect(rs[2]!.value).toBeNull();
    expect(recordLine(b!, rs[0]!, { printDataLog: true })).toBe(
      '| offset: 10 CreateTime: 1700000000000 keySize: 2 valueSize: 5 sequence: 4 headerKeys: [h1,trace] key: k1 payload: hello',
    );
    expect(recordLine(b!, rs[1]!, { printDataLog: true })).toBe(
      '| offset: 11 CreateTime: 1700000000005 keySize: -1 valueSize: 6 sequence: 5 headerKeys: [] payload: no key',
    );
    expect(recordLine(b!, rs[2]!, { printDataLog: true })).toBe(
      '| offset: 12 CreateTime: 1700000000000 keySize: 4 valueSize: -1 sequence: 6 headerKeys: [] key: tomb',
    );
    expect(batchLine(b!, 0)).toContain(
      `deleteHorizonMs: OptionalLong.empty position: 0 CreateTime: 1700000000009 size: ${buf.length} magic: 2 compresscodec: none crc: ${b!.crc} isvalid: true`,
    );
  });

  it('reads a gzip batch', () => {
    const buf = encodeBatch(records, { attributes: 1, compress: (r) => gzipSync(r) });
    const [b] = scanBatches(buf).batches;
    expect(b!.compression).toBe('gzip');
    expect(readRecords(buf, b!).map((r) => r.key && Buffer.from(r.key).toString())).toEqual(['k1', null, 'tomb']);
  });

  it('flags a flipped byte as invalid and a cut file as truncated', () => {
    const good = encodeBatch(records);
    const flipped = Buffer.from(good);
    flipped[70]! ^= 1;
    expect(scanBatches(flipped).batches[0]!.isValid).toBe(false);
    const two = Buffer.concat([good, good]);
    const cut = scanBatches(two.subarray(0, two.length - 3));
    expect(cut.batches).toHaveLength(1);
    expect(cut.validBytes).toBe(good.length);
    expect(cut.stoppedAt).toMatchObject({ position: good.length });
    expect(cut.stoppedAt!.reason).toMatch(/truncated batch/);
  });

  it('reports a record that runs past its batch instead of crashing', () => {
    const buf = encodeBatch(records);
    buf.writeInt32BE(5, 57); // claims more records than there are
    const [b] = scanBatches(buf).batches;
    expect(() => readRecords(buf, b!)).toThrow(LogFormatError);
  });
});

describe('indexes and the dump text', () => {
  it('stops at the preallocated zero entries like Kafka', () => {
    const idx = Buffer.alloc(8 * 4);
    idx.writeInt32BE(0, 0);
    idx.writeInt32BE(0, 4);
    idx.writeInt32BE(7, 8);
    idx.writeInt32BE(4100, 12);
    expect(offsetIndexEntries(idx, 100)).toEqual([
      { offset: 100, position: 0 },
      { offset: 107, position: 4100 },
    ]);
    expect(lookupPosition(offsetIndexEntries(idx, 100), 108)).toBe(4100);
    const t = Buffer.alloc(12 * 3);
    t.writeBigInt64BE(1700000000000n, 0);
    t.writeInt32BE(3, 8);
    expect(timeIndexEntries(t, 0)).toEqual([{ timestamp: 1700000000000, offset: 3 }]);
  });

  it('prints Dumping/Log starting offset lines and trailing invalid bytes', () => {
    const seg = Buffer.concat([encodeBatch([{ key: null, value: 'v' }], { baseOffset: 42 }), Buffer.from([1, 2, 3])]);
    const r = dumpFiles(['/d/t-0/00000000000000000042.log'], { read: () => seg, absolute: (p) => p }, {});
    expect(r.stdout.split('\n')[0]).toBe('Dumping /d/t-0/00000000000000000042.log');
    expect(r.stdout.split('\n')[1]).toBe('Log starting offset: 42');
    expect(r.stdout).toContain('Found 3 invalid bytes at the end of 00000000000000000042.log');
    expect(r.problems).toHaveLength(1);
  });

  it('hashes strings like Java', () => {
    expect(javaStringHash('hello')).toBe(99162322);
    expect(javaStringHash('/tmp/x/00000000000000000000.index')).toBe(javaStringHash('/tmp/x/00000000000000000000.index'));
  });
});

describe('producer snapshots and transaction indexes', () => {
  function snapshot(entries: number[][]): Buffer {
    const b = Buffer.alloc(10 + entries.length * 46);
    b.writeInt16BE(1, 0);
    b.writeInt32BE(entries.length, 6);
    entries.forEach(([pid, epoch, lastSeq, lastOffset, delta, ts, coord, txn], i) => {
      const at = 10 + i * 46;
      b.writeBigInt64BE(BigInt(pid!), at);
      b.writeInt16BE(epoch!, at + 8);
      b.writeInt32BE(lastSeq!, at + 10);
      b.writeBigInt64BE(BigInt(lastOffset!), at + 14);
      b.writeInt32BE(delta!, at + 22);
      b.writeBigInt64BE(BigInt(ts!), at + 26);
      b.writeInt32BE(coord!, at + 34);
      b.writeBigInt64BE(BigInt(txn!), at + 38);
    });
    b.writeUInt32BE(crc32c(b, 6, b.length), 2);
    return b;
  }
  it('prints producer state like kafka-dump-log', () => {
    const r = dumpFiles(['/x/t-0/00000000000000000023.snapshot'], { read: () => snapshot([[8, 2, 16, 22, 4, 1700, 0, 8]]), absolute: (p) => p });
    expect(r.stdout).toBe(
      'Dumping /x/t-0/00000000000000000023.snapshot\nproducerId: 8 producerEpoch: 2 coordinatorEpoch: 0 currentTxnFirstOffset: OptionalLong[8] lastTimestamp: 1700 firstSequence: 12 lastSequence: 16 lastOffset: 22 offsetDelta: 4 timestamp: 1700\n',
    );
  });
  it('reports a corrupt snapshot', () => {
    const b = snapshot([[8, 2, 16, 22, 4, 1700, 0, -1]]);
    b[20]! ^= 1;
    const r = dumpFiles(['/x/t-0/00000000000000000023.snapshot'], { read: () => b, absolute: (p) => p });
    expect(r.stderr).toMatch(/Snapshot is corrupt \(CRC is no longer valid\)/);
    expect(r.problems).toHaveLength(1);
  });
  it('prints aborted transactions of a .txnindex', () => {
    const t = Buffer.alloc(34);
    t.writeInt16BE(0, 0);
    t.writeBigInt64BE(7n, 2);
    t.writeBigInt64BE(10n, 10);
    t.writeBigInt64BE(15n, 18);
    t.writeBigInt64BE(10n, 26);
    const r = dumpFiles(['/x/t-0/00000000000000000000.txnindex'], { read: () => t, absolute: (p) => p });
    expect(r.stdout.split('\n')[1]).toBe('version: 0 producerId: 7 firstOffset: 10 lastOffset: 15 lastStableOffset: 10');
  });
});
