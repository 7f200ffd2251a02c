import { describe, expect, it } from 'vitest';
import { collidingTopics, includeListMatcher, isInternalTopic, parseReplicaAssignment, topicNameProblem } from '../../../src/admin/topic-rules.js';
import { describeJson, describeLines, describeTable, partitionLine, topicLine } from '../../../src/format/topic-describe.js';

describe('topic rules', () => {
  it("validates names with Kafka's texts", () => {
    expect(topicNameProblem('ok.name_1-x')).toBeUndefined();
    expect(topicNameProblem('')).toBe('the empty string is not allowed');
    expect(topicNameProblem('..')).toBe("'..' is not allowed");
    expect(topicNameProblem('a b')).toBe("'a b' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'");
    expect(topicNameProblem('x'.repeat(250))).toBe(`the length of '${'x'.repeat(250)}' is longer than the max allowed length 249`);
    expect(topicNameProblem('x'.repeat(249))).toBeUndefined();
  });
  it('knows the internal topics', () => {
    expect(['__consumer_offsets', '__transaction_state', '__share_group_state', '_schemas', 'orders'].filter(isInternalTopic)).toEqual([
      '__consumer_offsets',
      '__transaction_state',
      '__share_group_state',
    ]);
  });
  it('finds . / _ collisions', () => {
    expect(collidingTopics('a.b', ['a_b', 'a.b', 'c'])).toEqual(['a_b']);
  });
  it('matches the include list as a full regex with comma alternation', () => {
    const m = includeListMatcher('"orders.*, pay"');
    expect(['orders', 'orders-eu', 'pay', 'payments', 'xorders'].filter(m)).toEqual(['orders', 'orders-eu', 'pay']);
  });
  it('parses replica assignments with Kafka errors', () => {
    expect(parseReplicaAssignment('0:1,1:2')).toEqual([
      [0, 1],
      [1, 2],
    ]);
    expect(() => parseReplicaAssignment('1:1')).toThrow('Partition replica lists may not contain duplicate entries: 1');
    expect(() => parseReplicaAssignment('0:1,1:2:3')).toThrow('Partition 1 has different replication factor: [1, 2, 3]');
  });
});

describe('describe text', () => {
  const t = {
    name: 't',
    topicId: 'AAAAAAAAAAAAAAAAAAAAAA',
    minInsyncReplicas: 2,
    configs: [['retention.ms', '1000']] as [string, string][],
    partitions: [
      { partition: 1, leader: 2, replicas: [2, 1], isr: [2] },
      { partition: 0, leader: -1, replicas: [1, 2], isr: [1, 2] },
    ],
  };
  it('prints the topic and partition lines as Kafka does', () => {
    expect(topicLine(t)).toBe('Topic: t\tTopicId: AAAAAAAAAAAAAAAAAAAAAA\tPartitionCount: 2\tReplicationFactor: 2\tConfigs: retention.ms=1000');
    expect(topicLine({ ...t, topicId: '', configs: [] })).toBe('Topic: t\tPartitionCount: 2\tReplicationFactor: 2\tConfigs: ');
    expect(partitionLine('t', t.partitions[1]!)).toBe('\tTopic: t\tPartition: 0\tLeader: none\tReplicas: 1,2\tIsr: 1,2\tElr: N/A\tLastKnownElr: N/A');
    expect(partitionLine('t', { ...t.partitions[0]!, elr: [], lastKnownElr: [] })).toBe(
      '\tTopic: t\tPartition: 1\tLeader: 2\tReplicas: 2,1\tIsr: 2\tElr: \tLastKnownElr: ',
    );
  });
  it('applies the report filters', () => {
    expect(describeLines([t], { underReplicated: true }, new Set([1, 2]))).toEqual([partitionLine('t', t.partitions[0]!)]);
    expect(describeLines([t], { unavailable: true }, new Set([1, 2]))).toEqual([partitionLine('t', t.partitions[1]!)]);
    expect(describeLines([t], { underMinIsr: true }, new Set([1, 2])).length).toBe(2);
    expect(describeLines([t], { atMinIsr: true }, new Set([1, 2]))).toEqual([partitionLine('t', t.partitions[1]!)]);
    expect(describeLines([t, { ...t, name: 'u', configs: [] }], { topicsWithOverrides: true }, new Set())).toEqual([topicLine(t)]);
  });
  it("gives kafka-lab's table and JSON views, topics by name and partitions in order", () => {
    const u = { ...t, name: 'a', topicId: '', configs: [], isInternal: true, partitions: [{ partition: 0, leader: 3, replicas: [3], isr: [3] }] };
    expect(describeTable([t, u])).toEqual({
      head: ['TOPIC', 'PARTITION', 'LEADER', 'REPLICAS', 'ISR', 'CONFIGS'],
      rows: [
        ['a', 0, 3, '3', '3', ''],
        ['t', 0, 'none', '1,2', '1,2', 'retention.ms=1000'],
        ['t', 1, 2, '2,1', '2', 'retention.ms=1000'],
      ],
    });
    expect(describeJson([t, u]).topics).toEqual([
      {
        name: 'a',
        topicId: null,
        internal: true,
        partitionCount: 1,
        replicationFactor: 1,
        configs: {},
        partitions: [{ partition: 0, leader: 3, replicas: [3], isr: [3] }],
      },
      {
        name: 't',
        topicId: 'AAAAAAAAAAAAAAAAAAAAAA',
        internal: false,
        partitionCount: 2,
        replicationFactor: 2,
        configs: { 'retention.ms': '1000' },
        partitions: [
          { partition: 0, leader: null, replicas: [1, 2], isr: [1, 2] },
          { partition: 1, leader: 2, replicas: [2, 1], isr: [2] },
        ],
      },
    ]);
  });
});
