/**
 * The record-batch codec against batches written by Kafka itself (ConsoleProducer 3.9.2 with
 * each codec, and a transactional ProducerPerformance run with COMMIT markers), recorded
 * from a broker's segment files into test/fixtures/batches.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMPRESSION_NAMES, type CompressionName, prepareCodec } from '../../../src/protocol/compression.js';
import { crc32c } from '../../../src/protocol/crc32c.js';
import { controlRecordInfo, RecordBatchBuilder, RecordCursor, readRecords, rewriteBaseSequence, scanBatches } from '../../../src/protocol/record-batch.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'batches', `kafka-3.9.2-${name}.log`));
const text = (b: Uint8Array | null) => (b === null ? null : Buffer.from(b).toString('utf8'));

/** What the fixture producer was given (parse.key, parse.headers, null.marker=NULL). */
const EXPECTED = [
  {
    key: 'k1',
    value: 'value one',
    headers: [
      ['h1', 'v1'],
      ['h2', 'v2'],
    ],
  },
  { key: null, value: 'value with null key', headers: [['h1', null]] },
  { key: 'k3', value: null, headers: [['h3', 'x']] },
  { key: 'k4', value: 'plain', headers: [['n', '1']] },
  {
    key: 'k5',
    value: 'dup header names',
    headers: [
      ['a', '1'],
      ['a', '2'],
    ],
  },
];

function viaCursor(buf: Buffer) {
  const cursor = new RecordCursor();
  const out: { offset: number; timestamp: number; key: string | null; value: string | null; headers: [string, string | null][] }[] = [];
  for (const batch of scanBatches(buf).batches) {
    if (batch.isControl) continue;
    cursor.reset(buf, batch);
    while (cursor.next())
      out.push({
        offset: cursor.offset,
        timestamp: cursor.timestamp,
        key: text(cursor.key()),
        value: text(cursor.value()),
        headers: cursor.headers().map((h) => [h.key, text(h.value)]),
      });
  }
  return out;
}

describe('record-batch codec against Kafka-written batches', () => {
  for (const codec of COMPRESSION_NAMES) {
    it(`reads ConsoleProducer's ${codec} batch: keys, values, nulls, headers in order, CRC valid`, () => {
      const buf = fixture(codec);
      const scan = scanBatches(buf);
      expect(scan.stoppedAt).toBeUndefined();
      expect(scan.batches.map((b) => [b.compression, b.isValid])).toEqual([[codec, true]]);
      const records = viaCursor(buf);
      expect(records.map((r) => ({ key: r.key, value: r.value, headers: r.headers }))).toEqual(EXPECTED);
      // the cursor and the object reader (dump-log's) agree on every field
      const objects = readRecords(buf, scan.batches[0]!);
      expect(records.map((r) => [r.offset, r.timestamp])).toEqual(objects.map((o) => [o.offset, o.timestamp]));
    });

    it(`re-encodes the ${codec} records so that they read back the same`, async () => {
      await prepareCodec(codec);
      const buf = fixture(codec);
      const [batch] = scanBatches(buf).batches;
      const builder = new RecordBatchBuilder(codec);
      for (const r of readRecords(buf, batch!)) builder.append({ key: r.key, value: r.value, headers: r.headers, timestamp: r.timestamp }, 0);
      const ours = builder.build({ producerId: BigInt(batch!.producerId), producerEpoch: batch!.producerEpoch, baseSequence: batch!.baseSequence });
      const [mine] = scanBatches(ours).batches;
      expect(mine!.isValid).toBe(true);
      expect([mine!.compression, mine!.recordsCount, mine!.baseTimestamp, mine!.maxTimestamp, mine!.producerId, mine!.baseSequence]).toEqual([
        codec,
        5,
        batch!.baseTimestamp,
        batch!.maxTimestamp,
        batch!.producerId,
        batch!.baseSequence,
      ]);
      expect(viaCursor(ours)).toEqual(viaCursor(buf));
      if (codec === 'none') {
        // uncompressed, our bytes are Kafka's once the broker-assigned fields are the same
        const theirs = Buffer.from(buf.subarray(0, batch!.sizeInBytes));
        ours.writeInt32BE(theirs.readInt32BE(12), 12); // partition leader epoch (the broker sets it)
        ours.writeUInt32BE(crc32c(ours, 21, ours.length), 17);
        expect(ours.equals(theirs)).toBe(true);
      }
    });
  }

  it('reads a transactional log: data batches with sequences, and COMMIT control batches', () => {
    const buf = fixture('txn');
    const batches = scanBatches(buf).batches;
    expect(batches.map((b) => [b.baseOffset, b.isTransactional, b.isControl])).toEqual([
      [0, true, false],
      [2, true, true],
      [3, true, false],
      [5, true, false],
      [7, true, true],
    ]);
    expect(batches.filter((b) => b.isControl).map((b) => controlRecordInfo(readRecords(buf, b)[0]!).type)).toEqual(['COMMIT', 'COMMIT']);
    expect(viaCursor(buf).map((r) => r.offset)).toEqual([0, 1, 3, 4, 5, 6]);
  });

  it('reports a corrupt CRC, and rewriting a sequence keeps the CRC right', () => {
    const buf = Buffer.from(fixture('none'));
    buf[100] = buf[100]! ^ 0xff;
    expect(scanBatches(buf).batches[0]!.isValid).toBe(false);
    const b = new RecordBatchBuilder('none');
    b.append({ key: null, value: Buffer.from('x'), headers: [] }, 1000);
    const built = b.build({ producerId: 7n, producerEpoch: 1, baseSequence: 10 });
    rewriteBaseSequence(built, 42);
    const [h] = scanBatches(built).batches;
    expect([h!.isValid, h!.baseSequence, h!.producerId, h!.producerEpoch]).toEqual([true, 42, 7, 1]);
  });
});

describe('RecordBatchBuilder', () => {
  it('round-trips many records with every codec, growing past its first buffer', async () => {
    for (const codec of COMPRESSION_NAMES as CompressionName[]) {
      await prepareCodec(codec);
      const b = new RecordBatchBuilder(codec, 100);
      const want: string[] = [];
      for (let i = 0; i < 500; i++) {
        const v = `value-${i}-${'x'.repeat(i % 50)}`;
        want.push(v);
        b.append(
          {
            key: i % 3 === 0 ? null : Buffer.from(`k${i}`),
            value: Buffer.from(v),
            headers: i % 5 === 0 ? [{ key: 'h', value: null }] : [],
            timestamp: 1_700_000_000_000 + (i % 7) * 10 - 30,
          },
          0,
        );
      }
      const built = b.build();
      const read = viaCursor(built);
      expect(read.map((r) => r.value)).toEqual(want);
      expect(read[0]!.offset).toBe(0);
      expect(read[499]!.offset).toBe(499);
      expect(Math.max(...read.map((r) => r.timestamp))).toBe(scanBatches(built).batches[0]!.maxTimestamp);
    }
  });
});
