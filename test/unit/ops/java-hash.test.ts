/**
 * Java's HashSet order, against what a JVM printed (java.util.HashSet of Kafka's
 * TopicPartition, of String and of Integer, built the same way; recorded with Java 17).
 */
import { describe, expect, it } from 'vitest';
import { integerSetOrder, javaLongHash, javaStringHash, stringSetOrder, topicPartitionHash, topicPartitionSetOrder } from '../../../src/util/java-hash.js';

const tps = (names: string[]) => names.map((n) => ({ topic: n.slice(0, n.lastIndexOf('-')), partition: Number(n.slice(n.lastIndexOf('-') + 1)) }));
const names = (list: { topic: string; partition: number }[]) => list.map((x) => `${x.topic}-${x.partition}`);

describe('Java hash codes', () => {
  it('String, TopicPartition and Long hash like the JVM', () => {
    expect(javaStringHash('abc')).toBe(96354);
    expect(topicPartitionHash('alpha', 3)).toBe(92910972);
    expect(javaLongHash(-5n)).toBe(4);
    expect(javaLongHash(123456789012345n)).toBe(-2045923535);
  });
});

describe('HashSet iteration order', () => {
  it('of TopicPartitions added topic by topic (28 entries: the table grows twice)', () => {
    const added = ['alpha', 'beta', 'demo-events', 'orders'].flatMap((topic) => [0, 1, 2, 3, 4, 5, 6].map((partition) => ({ topic, partition })));
    expect(names(topicPartitionSetOrder(added))).toEqual(
      'beta-2, beta-4, beta-6, demo-events-5, alpha-6, demo-events-0, alpha-4, alpha-2, demo-events-4, alpha-0, demo-events-2, orders-1, orders-3, orders-5, beta-0, beta-3, beta-5, demo-events-6, alpha-5, demo-events-3, alpha-3, demo-events-1, alpha-1, orders-0, orders-2, orders-4, beta-1, orders-6'.split(
        ', ',
      ),
    );
  });
  it('of 40 partitions of one topic', () => {
    const added = tps([...Array(40).keys()].map((p) => `t-${p}`));
    expect(names(topicPartitionSetOrder(added)).join(', ')).toBe(
      't-21, t-19, t-17, t-15, t-13, t-11, t-9, t-7, t-38, t-5, t-36, t-3, t-34, t-1, t-32, t-30, t-28, t-26, t-24, t-22, t-20, t-18, t-16, t-14, t-12, t-10, t-8, t-39, t-6, t-37, t-4, t-35, t-2, t-33, t-0, t-31, t-29, t-27, t-25, t-23',
    );
  });
  it('of Strings and Integers', () => {
    expect(stringSetOrder(['alpha', 'beta', 'gamma', 'demo-events', '__consumer_offsets', 'orders', 'x'])).toEqual([
      'demo-events',
      'alpha',
      'x',
      'orders',
      'beta',
      'gamma',
      '__consumer_offsets',
    ]);
    expect(integerSetOrder([5, 1, 17, 3, 33, 2])).toEqual([1, 17, 33, 2, 3, 5]);
  });
  it('adds a duplicate once', () => {
    expect(integerSetOrder([3, 3, 1])).toEqual([1, 3]);
  });
});
