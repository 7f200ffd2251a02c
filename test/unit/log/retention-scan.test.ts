import { describe, expect, it } from 'vitest';
import { brokerRetention, oldestSegmentRetention, parsePartitionDirName, withTopicOverrides, type PartitionDirInfo } from '../../../src/log/retention-scan.js';

const seg = (baseOffset: number, size: number, largestTimestamp: number) => ({
  baseOffset,
  size,
  largestTimestamp,
  firstTimestamp: largestTimestamp,
  nextOffset: baseOffset + 1,
  modifiedMs: largestTimestamp,
});
const part = (segments: ReturnType<typeof seg>[]): PartitionDirInfo => ({
  topic: 't',
  partition: 0,
  path: '/x/t-0',
  segments,
  size: segments.reduce((n, s) => n + s.size, 0),
});

describe('retention policy', () => {
  it('uses Kafka precedence ms > minutes > hours', () => {
    expect(brokerRetention(new Map([['log.retention.hours', '1']])).retentionMs).toBe(3600000);
    expect(
      brokerRetention(
        new Map([
          ['log.retention.hours', '1'],
          ['log.retention.minutes', '2'],
        ]),
      ).retentionMs,
    ).toBe(120000);
    expect(
      brokerRetention(
        new Map([
          ['log.retention.minutes', '2'],
          ['log.retention.ms', '5'],
        ]),
      ).retentionMs,
    ).toBe(5);
    expect(brokerRetention(new Map([['log.retention.ms', '-1']])).retentionMs).toBe(-1);
    expect(brokerRetention(new Map()).retentionMs).toBe(604800000);
  });
  it('lets topic overrides win', () => {
    const p = withTopicOverrides(brokerRetention(new Map()), new Map([['retention.bytes', '100']]));
    expect(p.retentionBytes).toBe(100);
    expect(p.source.retentionBytes).toBe('retention.bytes=100 (topic)');
  });
});

describe('oldest segment deletion', () => {
  const policy = { ...brokerRetention(new Map([['log.retention.ms', '1000']])) };
  it('by time: newest record of the oldest segment + retention.ms', () => {
    expect(oldestSegmentRetention(part([seg(0, 100, 5000), seg(1, 100, 9000)]), policy, 5500)).toMatchObject({ kind: 'at', atMs: 6000 });
    expect(oldestSegmentRetention(part([seg(0, 100, 5000), seg(1, 100, 9000)]), policy, 7000)).toMatchObject({ kind: 'now' });
  });
  it('by size: only when the excess covers the whole oldest segment', () => {
    const bySize = withTopicOverrides(brokerRetention(new Map([['log.retention.ms', '-1']])), new Map([['retention.bytes', '150']]));
    expect(oldestSegmentRetention(part([seg(0, 100, 1), seg(1, 100, 2)]), bySize, 0)).toMatchObject({ kind: 'after-bytes', moreBytes: 50 });
    expect(oldestSegmentRetention(part([seg(0, 100, 1), seg(1, 100, 2), seg(2, 60, 3)]), bySize, 0)).toMatchObject({ kind: 'now' });
  });
  it('never with -1/-1, empty without data', () => {
    const forever = brokerRetention(new Map([['log.retention.ms', '-1']]));
    expect(oldestSegmentRetention(part([seg(0, 100, 1)]), forever, 0).kind).toBe('never');
    expect(oldestSegmentRetention(part([seg(0, 0, -1)]), forever, 0).kind).toBe('empty');
  });
  it('recognises partition folder names', () => {
    expect(parsePartitionDirName('orders-12')).toEqual({ topic: 'orders', partition: 12 });
    expect(parsePartitionDirName('my-topic-0')).toEqual({ topic: 'my-topic', partition: 0 });
    expect(parsePartitionDirName('orders-0.0123456789abcdef0123456789abcdef-delete')).toBeUndefined();
    expect(parsePartitionDirName('meta.properties')).toBeUndefined();
  });
});
