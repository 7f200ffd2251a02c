import { describe, expect, it } from 'vitest';
import {
  assignmentText,
  coordinatorPartition,
  formatListWithState,
  formatMembersTable,
  formatOffsetsTable,
  formatStateTable,
  orderPartitions,
} from '../../../src/format/groups-table.js';
import { javaStringHash, topicPartitionHash } from '../../../src/util/java-hash.js';

describe('Java hashing', () => {
  it('matches java.lang.String#hashCode', () => {
    expect(javaStringHash('')).toBe(0);
    expect(javaStringHash('t1')).toBe(3645);
    expect(javaStringHash('hello world')).toBe(1794106052);
    expect(javaStringHash('__consumer_offsets-a-very-long-group-id')).toBeLessThan(2 ** 31);
  });
  it('matches TopicPartition#hashCode', () => {
    expect(topicPartitionHash('t1', 0)).toBe(4606);
    expect(topicPartitionHash('t1', 2)).toBe(4668);
  });
  it('finds the coordinator partition like Kafka (abs(hash) % partitions)', () => {
    expect(coordinatorPartition('g1', 50)).toBe((javaStringHash('g1') & 0x7fffffff) % 50);
    expect(coordinatorPartition('g1', 1)).toBe(0);
  });
});

describe('row order (Kafka 3.9 prints HashMap order)', () => {
  const tps = (topic: string, n: number) => Array.from({ length: n }, (_, partition) => ({ topic, partition }));
  it('3 partitions of t1 come out 2,1,0 (observed with ConsumerGroupCommand 3.9.2)', () => {
    expect(orderPartitions(tps('t1', 3)).map((x) => x.partition)).toEqual([2, 1, 0]);
  });
  it('20 partitions of t20 (observed)', () => {
    expect(orderPartitions(tps('t20', 20)).map((x) => x.partition)).toEqual([18, 19, 16, 17, 14, 15, 12, 13, 10, 11, 8, 9, 6, 7, 4, 5, 2, 3, 0, 1]);
  });
  it('t20 x20 and t1 x3 in one map (observed reset plan of --all-topics)', () => {
    const order = orderPartitions([...tps('t1', 3), ...tps('t20', 20)]).map((x) => `${x.topic}-${x.partition}`);
    expect(order).toEqual([...[18, 19, 16, 17, 14, 15, 12, 13, 10, 11, 8, 9, 6, 7, 4, 5, 2, 3, 0, 1].map((p) => `t20-${p}`), 't1-2', 't1-1', 't1-0']);
  });
});

describe('describe --offsets layout', () => {
  it('reproduces the 3.9 bytes: leading newline per line, - for missing, no final newline', () => {
    const text = formatOffsetsTable([
      { group: 'g1', topic: 't1', partition: 2, currentOffset: '10', logEndOffset: '30', lag: '20' },
      { group: 'g1', topic: 't1', partition: 1 },
    ]);
    expect(text).toBe(
      '\nGROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID     HOST            CLIENT-ID' +
        '\ng1              t1              2          10              30              20              -               -               -' +
        '\ng1              t1              1          -               -               -               -               -               -',
    );
  });
  it('widens columns to the longest consumer id', () => {
    const id = 'console-consumer-34ae8427-1448-4866-97ae-a1de22147163';
    const text = formatOffsetsTable([
      {
        group: 'g2',
        topic: 't1',
        partition: 0,
        currentOffset: '0',
        logEndOffset: '0',
        lag: '0',
        consumerId: id,
        host: '/127.0.0.1',
        clientId: 'console-consumer',
      },
    ]);
    expect(text.split('\n')[2]).toBe(
      `g2              t1              0          0               0               0               ${id} /127.0.0.1      console-consumer`,
    );
  });
});

describe('members, state, list --state', () => {
  const id = 'console-consumer-34ae8427-1448-4866-97ae-a1de22147163';
  it('members table (observed bytes)', () => {
    const rows = [{ group: 'g2', consumerId: id, host: '/127.0.0.1', clientId: 'console-consumer', assignment: new Map([['t1', [0, 1, 2]]]) }];
    expect(formatMembersTable(rows, false)).toBe(
      `\nGROUP           CONSUMER-ID                                           HOST            CLIENT-ID        #PARTITIONS     \n` +
        `g2              ${id} /127.0.0.1      console-consumer 3               \n`,
    );
    expect(formatMembersTable(rows, true)).toContain('#PARTITIONS     ASSIGNMENT\n');
    expect(formatMembersTable(rows, true)).toContain('console-consumer 3               (0,1,2)\n');
  });
  it('empty members table is just the header', () => {
    expect(formatMembersTable([], false)).toBe('\nGROUP           CONSUMER-ID     HOST            CLIENT-ID       #PARTITIONS     \n');
  });
  it('assignment sorts partitions as strings, like 3.9', () => {
    expect(assignmentText(new Map([['t20', Array.from({ length: 12 }, (_, i) => i)]]))).toBe('(0,1,10,11,2,3,4,5,6,7,8,9)');
    expect(assignmentText(new Map())).toBe('-');
    expect(
      assignmentText(
        new Map([
          ['b', [0]],
          ['a', [1, 0]],
        ]),
      ),
    ).toBe('(0,1), (0)');
  });
  it('state table (observed bytes)', () => {
    expect(
      formatStateTable({
        group: 'g1',
        coordinatorHost: '127.0.0.1',
        coordinatorPort: 37092,
        coordinatorId: 0,
        assignmentStrategy: '',
        state: 'Empty',
        members: 0,
      }),
    ).toBe(
      '\nGROUP                     COORDINATOR (ID)          ASSIGNMENT-STRATEGY  STATE           #MEMBERS' +
        '\ng1                        127.0.0.1:37092  (0)                           Empty           0\n',
    );
  });
  it('list --state (observed bytes)', () => {
    expect(
      formatListWithState([
        { groupId: 'g1', state: 'Empty' },
        { groupId: 'g2', state: 'Stable' },
      ]),
    ).toBe('GROUP                     STATE               \ng1                        Empty               \ng2                        Stable              \n');
  });
});
