import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { encodeProduceRequest, type ProduceRequestInput } from '../../../src/client/produce-encoder.js';
import { parseBatchHeader, readRecords } from '../../../src/protocol/record-batch.js';
import { crc32c } from '../../../src/protocol/crc32c.js';

const requireCjs = createRequire(import.meta.url);
// kafkajs's own encoder (this test process never installs our patches)
const kafkajsProduceV3 = requireCjs('kafkajs/src/protocol/requests/produce/v3/request.js') as (i: unknown) => { encode(): Promise<{ buffer: Buffer }> };
const { lookupCodec } = requireCjs('kafkajs/src/protocol/message/compression/index.js') as {
  lookupCodec(t: number): { compress(e: { buffer: Buffer }): Promise<Buffer> };
};
const noCompression = async () => {
  throw new Error('not compressing');
};

function sample(): ProduceRequestInput {
  const ts = 1_700_000_000_000;
  return {
    acks: -1,
    timeout: 30000,
    topicData: [
      {
        topic: 'orders',
        partitions: [
          {
            partition: 0,
            messages: Array.from({ length: 300 }, (_, i) => ({
              key: i % 3 === 0 ? null : `k${i}`,
              value: i % 5 === 0 ? Buffer.from('é'.repeat(i)) : `value-${i}-${'x'.repeat(i % 200)}`,
              timestamp: String(ts + i * 1000),
              headers: i % 4 === 0 ? { a: Buffer.from('1'), b: ['x', 'y'] } : {},
            })),
          },
          { partition: 2, messages: [{ key: Buffer.alloc(0), value: null, timestamp: ts }] },
        ],
      },
      {
        topic: 'ünïcode',
        partitions: [
          {
            partition: 1,
            messages: [
              { key: 'a', value: 'b', timestamp: ts - 5 },
              { key: 'c', value: 'd', timestamp: ts + 70_000_000_000 },
            ],
          },
        ],
      },
    ],
  };
}

describe('produce encoder', () => {
  it('writes the same bytes as kafkajs for the same request', async () => {
    const ours = await encodeProduceRequest(sample(), noCompression);
    const theirs = (await kafkajsProduceV3(sample()).encode()).buffer;
    expect(ours.length).toBe(theirs.length);
    expect(ours.equals(theirs)).toBe(true);
  });

  it('writes producer id, epoch, sequence and the transactional bit like kafkajs', async () => {
    const input = { ...sample(), transactionalId: 'tx-1', producerId: '4611686018427387904', producerEpoch: 3 };
    input.topicData[0]!.partitions[0]!.firstSequence = 77;
    const ours = await encodeProduceRequest(input, noCompression);
    const theirs = (await kafkajsProduceV3({ ...input, producerId: requireCjs('kafkajs/src/utils/long.js').fromString('4611686018427387904') }).encode())
      .buffer;
    expect(ours.equals(theirs)).toBe(true);
  });

  it('sends null header values and keeps header order and repeats', async () => {
    const buf = await encodeProduceRequest(
      {
        acks: 1,
        timeout: 1000,
        topicData: [
          {
            topic: 't',
            partitions: [
              {
                partition: 0,
                messages: [
                  {
                    key: 'k',
                    value: 'v',
                    headers: [
                      { key: 'b', value: null },
                      { key: 'a', value: Buffer.from('1') },
                      { key: 'b', value: '2' },
                    ],
                  },
                ],
              },
            ],
          },
        ],
      },
      noCompression,
    );
    // body: txn id (2) acks (2) timeout (4) topics (4) name (2+1) partitions (4) partition (4) size (4)
    const batchAt = 2 + 2 + 4 + 4 + 3 + 4 + 4 + 4;
    const header = parseBatchHeader(buf, batchAt);
    expect(header.isValid).toBe(true);
    const [rec] = readRecords(buf, header);
    expect(rec!.headers.map((h) => [h.key, h.value === null ? null : Buffer.from(h.value).toString()])).toEqual([
      ['b', null],
      ['a', '1'],
      ['b', '2'],
    ]);
  });

  it('compresses the records section with the codec and checksums the result', async () => {
    const input = sample();
    const buf = await encodeProduceRequest({ ...input, compression: 1 }, (t, records) => lookupCodec(t).compress({ buffer: records }));
    const batchAt = 2 + 2 + 4 + 4 + 2 + 6 + 4 + 4 + 4;
    const header = parseBatchHeader(buf, batchAt);
    expect(header.compression).toBe('gzip');
    expect(header.isValid).toBe(true);
    const records = readRecords(buf, header);
    expect(records).toHaveLength(300);
    expect(Buffer.from(records[7]!.value!).toString()).toBe(`value-7-${'x'.repeat(7)}`);
    expect(records[3]!.key).toBeNull();
  });
});

describe('crc32c (slicing-by-8)', () => {
  it('matches the byte-at-a-time definition at every length and alignment', () => {
    const data = Buffer.alloc(300);
    for (let i = 0; i < data.length; i++) data[i] = (i * 7919 + 13) & 0xff;
    const slow = (b: Uint8Array, s: number, e: number) => {
      let c = 0xffffffff;
      for (let i = s; i < e; i++) {
        c ^= b[i]!;
        for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
      }
      return (c ^ 0xffffffff) >>> 0;
    };
    for (const start of [0, 1, 3, 7]) for (let end = start; end <= 40 + start; end++) expect(crc32c(data, start, end)).toBe(slow(data, start, end));
    expect(crc32c(data)).toBe(slow(data, 0, data.length));
  });
});
