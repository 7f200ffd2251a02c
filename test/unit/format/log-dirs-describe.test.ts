import { describe, expect, it } from 'vitest';
import { brokerSetText, logDirsDescribeText, logDirsDescribeView } from '../../../src/format/log-dirs-describe.js';
import { formatDeleteOffsets } from '../../../src/format/groups-table.js';

describe("kafka-log-dirs --describe (Kafka's JSON, keys in HashMap order)", () => {
  it('prints what Kafka 3.9 printed for one broker', () => {
    const dirs = [
      {
        logDir: '/tmp/ops-labs/zk/data/broker-1',
        errorCode: 0,
        partitions: [{ topic: 'orders', partition: 0, size: 0n, offsetLag: 0n, isFuture: false }],
        totalBytes: -1n,
        usableBytes: -1n,
      },
    ];
    expect(logDirsDescribeText([{ broker: 1, dirs }], [])).toBe(
      'Querying brokers for log directories information\nReceived log directory information from brokers 1\n' +
        '{"brokers":[{"broker":1,"logDirs":[{"partitions":[{"partition":"orders-0","size":0,"offsetLag":0,"isFuture":false}],"error":null,"logDir":"/tmp/ops-labs/zk/data/broker-1"}]}],"version":1}\n',
    );
    expect(logDirsDescribeText([{ broker: 1, dirs }], ['other'])).toContain('"partitions":[]');
    expect(logDirsDescribeView([{ broker: 1, dirs }], []).brokers[0]!.logDirs[0]!.partitions).toEqual([
      { partition: 'orders-0', size: 0, offsetLag: 0, isFuture: false },
    ]);
  });

  it('orders partitions as a HashMap of TopicPartition does', () => {
    const parts = [0, 1, 2, 10].map((partition) => ({ topic: 't', partition, size: 1n, offsetLag: 0n, isFuture: false }));
    const text = logDirsDescribeText([{ broker: 1, dirs: [{ logDir: '/d', errorCode: 0, partitions: parts, totalBytes: 0n, usableBytes: 0n }] }], []);
    const order = [...text.matchAll(/"partition":"(t-\d+)"/g)].map((m) => m[1]);
    // TopicPartition("t", p).hashCode() = 31 * (31 + p) + "t".hashCode() = 1077, 1108, 1139, 1387: buckets 5, 4, 3, 11 of 16
    expect(order).toEqual(['t-2', 't-1', 't-0', 't-10']);
    expect(brokerSetText([3, 1, 2])).toBe('1,2,3');
  });
});

describe('consumer-groups --delete-offsets text (3.9: no line breaks between rows)', () => {
  it('success, an unknown topic, and a group that does not exist', () => {
    expect(
      formatDeleteOffsets('dg1', ['nosuch'], 'NONE', [
        {
          topic: 'nosuch',
          partition: -1,
          error: 'org.apache.kafka.common.errors.UnknownTopicOrPartitionException: This server does not host this topic-partition.',
        },
      ]),
    ).toBe(
      'Request succeed for deleting offsets with topic nosuch group dg1\n\nTOPIC                          PARTITION       STATUS         nosuch                         Not Provided    Error: :org.apache.kafka.common.errors.UnknownTopicOrPartitionException: This server does not host this topic-partition.',
    );
    const rows = [0, 1, 10, 2].map((partition) => ({ topic: 'multi', partition, error: null }));
    expect(formatDeleteOffsets('g', ['multi'], 'NONE', rows)).toBe(
      'Request succeed for deleting offsets with topic multi group g\n\nTOPIC                          PARTITION       STATUS         ' +
        'multi                          0               Successful     multi                          1               Successful     ' +
        'multi                          10              Successful     multi                          2               Successful     ',
    );
    expect(formatDeleteOffsets('nogroup', ['multi'], 'GROUP_ID_NOT_FOUND', [])).toBe(
      "\nError: 'nogroup' does not exist.\n\nTOPIC                          PARTITION       STATUS         ",
    );
    expect(formatDeleteOffsets('g', ['t'], 'GROUP_SUBSCRIBED_TO_TOPIC', [])).toMatch(
      /^\nError: Encounter some partition level error, see the follow-up details:\n\n/,
    );
  });
});
