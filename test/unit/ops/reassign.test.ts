/**
 * kafka-reassign-partitions' pure core: Kafka's replica placement (against AdminUtils of
 * Kafka 3.9.2, recorded from a JVM), the JSON files and their checks, the throttles a
 * reassignment sets and the lines the tool prints.
 */
import { describe, expect, it } from 'vitest';
import { reassignPlan } from '../../../src/commands/reassign-partitions.js';
import { assignReplicasToBrokers, rackAlternatedBrokerList } from '../../../src/reassign/assign.js';
import {
  clearingThrottlesText,
  currentAssignmentText,
  followerThrottles,
  leaderThrottles,
  logDirMoveState,
  ongoingReassignmentsText,
  partitionStatesText,
  proposedMoveMap,
  reassigningBrokers,
  replicaMoveStatesText,
  startedText,
} from '../../../src/reassign/moves.js';
import { checkExecutable, formatReassignmentJson, parseBrokerList, parseReassignment, parseTopicsToMove } from '../../../src/reassign/plan-json.js';

const asText = (m: Map<number, number[]>) =>
  [...m]
    .sort((a, b) => a[0] - b[0])
    .map(([p, r]) => `${p}:[${r.join(',')}]`)
    .join(' ');

describe("Kafka's replica placement (AdminUtils.assignReplicasToBrokers)", () => {
  const four = [1, 2, 3, 4].map((id) => ({ id }));
  // printed by AdminUtils.assignReplicasToBrokers(brokers, n, rf, fixedStartIndex, startPartitionId) on Kafka 3.9.2
  const kafka: [number, number, number, number, string][] = [
    [10, 3, 0, -1, '0:[1,2,3] 1:[2,3,4] 2:[3,4,1] 3:[4,1,2] 4:[1,3,4] 5:[2,4,1] 6:[3,1,2] 7:[4,2,3] 8:[1,4,2] 9:[2,1,3]'],
    [10, 3, 1, -1, '0:[2,4,1] 1:[3,1,2] 2:[4,2,3] 3:[1,3,4] 4:[2,1,3] 5:[3,2,4] 6:[4,3,1] 7:[1,4,2] 8:[2,3,4] 9:[3,4,1]'],
    [10, 3, 2, -1, '0:[3,2,4] 1:[4,3,1] 2:[1,4,2] 3:[2,1,3] 4:[3,4,1] 5:[4,1,2] 6:[1,2,3] 7:[2,3,4] 8:[3,1,2] 9:[4,2,3]'],
    [10, 3, 3, -1, '0:[4,1,2] 1:[1,2,3] 2:[2,3,4] 3:[3,4,1] 4:[4,2,3] 5:[1,3,4] 6:[2,4,1] 7:[3,1,2] 8:[4,3,1] 9:[1,4,2]'],
    [7, 2, 2, 3, '3:[2,1] 4:[3,4] 5:[4,1] 6:[1,2] 7:[2,3] 8:[3,1] 9:[4,2]'],
  ];
  for (const [n, rf, start, startPartition, expected] of kafka) {
    it(`${n} partitions, rf ${rf}, start index ${start}${startPartition >= 0 ? `, from partition ${startPartition}` : ''}`, () => {
      expect(asText(assignReplicasToBrokers(four, n, rf, { fixedStartIndex: start, startPartitionId: startPartition }))).toBe(expected);
    });
  }
  it('3 brokers, rf 3', () => {
    expect(asText(assignReplicasToBrokers(four.slice(0, 3), 5, 3, { fixedStartIndex: 1 }))).toBe('0:[2,1,3] 1:[3,2,1] 2:[1,3,2] 3:[2,3,1] 4:[3,1,2]');
  });
  const racks = ['rack1', 'rack3', 'rack3', 'rack2', 'rack2', 'rack1'].map((rack, id) => ({ id, rack }));
  it("rack aware: Kafka's javadoc example and another start", () => {
    expect(rackAlternatedBrokerList(new Map(racks.map((r) => [r.id, r.rack])))).toEqual([0, 3, 1, 5, 4, 2]);
    expect(asText(assignReplicasToBrokers(racks, 7, 3, { fixedStartIndex: 0 }))).toBe('0:[0,3,1] 1:[3,1,5] 2:[1,5,4] 3:[5,4,2] 4:[4,2,0] 5:[2,0,3] 6:[0,4,2]');
    expect(asText(assignReplicasToBrokers(racks, 9, 2, { fixedStartIndex: 4 }))).toBe(
      '0:[4,1] 1:[2,5] 2:[0,4] 3:[3,2] 4:[1,0] 5:[5,3] 6:[4,2] 7:[2,0] 8:[0,3]',
    );
  });
  it('draws the start index, then the shift, as Kafka does', () => {
    const draws = [2, 0];
    const plan = assignReplicasToBrokers(four, 4, 2, { random: () => draws.shift()! });
    expect(asText(plan)).toBe(asText(assignReplicasToBrokers(four, 4, 2, { startIndex: 2, replicaShift: 0 })));
  });
  it("refuses with Kafka's messages", () => {
    expect(() => assignReplicasToBrokers(four, 3, 5)).toThrow('Replication factor: 5 larger than available brokers: 4.');
    expect(() => assignReplicasToBrokers([{ id: 1, rack: 'a' }, { id: 2 }], 3, 1)).toThrow('Not all brokers have rack information');
  });
});

describe('the JSON files', () => {
  it('reads topics-to-move, with and without a version', () => {
    expect(parseTopicsToMove('{"topics":[{"topic":"a"},{"topic":"b"}],"version":1}', 'f')).toEqual(['a', 'b']);
    expect(parseTopicsToMove('{"topics":[{"topic":"a"}]}', 'f')).toEqual(['a']);
    expect(() => parseTopicsToMove('{"topics":[{"topic":"a"}],"version":2}', 'f')).toThrow('f: Not supported version field value 2');
    expect(() => parseTopicsToMove('{"topics":[', 'f')).toThrow(/^f: not valid JSON/);
    expect(() => parseTopicsToMove('{"topics":[{"name":"a"}]}', 'f')).toThrow('f: topics[0] has no "topic"');
  });
  it('reads a reassignment file: log_dirs optional, "any" is no move', () => {
    const f = parseReassignment(
      '{"version":1,"partitions":[{"topic":"a","partition":0,"replicas":[1,2]},{"topic":"b","partition":1,"replicas":[2,3],"log_dirs":["any","/d"]}]}',
      'f',
    );
    expect(f.partitions).toEqual([
      { topic: 'a', partition: 0, replicas: [1, 2], logDirs: ['any', 'any'] },
      { topic: 'b', partition: 1, replicas: [2, 3], logDirs: ['any', '/d'] },
    ]);
    expect(f.logDirMoves).toEqual([{ topic: 'b', partition: 1, broker: 3, logDir: '/d' }]);
  });
  it("refuses what Kafka refuses, with Kafka's messages", () => {
    expect(() => parseReassignment('{"partitions":[{"topic":"a","partition":0,"replicas":[1,2],"log_dirs":["any"]}]}', 'f')).toThrow(
      'Size of replicas list [1, 2] is different from size of log dirs list [any] for partition a-0',
    );
    const check = (text: string) => () => checkExecutable(parseReassignment(text, 'f'));
    expect(check('{"version":1,"partitions":[]}')).toThrow('Partition reassignment list cannot be empty');
    expect(check('{"partitions":[{"topic":"a","partition":0,"replicas":[]}]}')).toThrow('Partition replica list cannot be empty');
    expect(check('{"partitions":[{"topic":"a","partition":0,"replicas":[1]},{"topic":"a","partition":0,"replicas":[2]}]}')).toThrow(
      'Partition reassignment contains duplicate topic partitions: a-0',
    );
    expect(check('{"partitions":[{"topic":"a","partition":0,"replicas":[1,1,2]},{"topic":"b","partition":3,"replicas":[4,4]}]}')).toThrow(
      'Partition replica lists may not contain duplicate entries: a-0 contains multiple entries for 1. b-3 contains multiple entries for 4',
    );
    expect(() => parseReassignment('{"partitions":[{"topic":"a","partition":"0","replicas":[1]}]}', 'f')).toThrow(
      'f: partitions[0].partition must be an integer, got "0"',
    );
  });
  it('reads --broker-list as Kafka does', () => {
    expect(parseBrokerList('1,2,3')).toEqual([1, 2, 3]);
    expect(() => parseBrokerList('1,x')).toThrow('For input string: "x"');
    expect(() => parseBrokerList('1,2,1')).toThrow('Broker list contains duplicate entries: [1]');
  });
  it("writes Jackson's compact form, partitions in order, log_dirs always present", () => {
    expect(
      formatReassignmentJson(
        [
          { topic: 'b', partition: 0, replicas: [2] },
          { topic: 'a', partition: 10, replicas: [1, 2] },
          { topic: 'a', partition: 2, replicas: [3, 1] },
        ],
        [{ topic: 'a', partition: 2, broker: 1, logDir: '/data/x' }],
      ),
    ).toBe(
      '{"version":1,"partitions":[{"topic":"a","partition":2,"replicas":[3,1],"log_dirs":["any","/data/x"]},{"topic":"a","partition":10,"replicas":[1,2],"log_dirs":["any","any"]},{"topic":"b","partition":0,"replicas":[2],"log_dirs":["any"]}]}',
    );
  });
});

describe('throttles (what Kafka set in a recorded --execute --throttle 50000)', () => {
  // alpha-0 [3,1] -> [2,3], alpha-1 [2,3] -> [1,3]; Kafka set exactly these configs
  const current = new Map([
    ['alpha\u00000', [3, 1]],
    ['alpha\u00001', [2, 3]],
  ]);
  const moves = proposedMoveMap(
    [],
    [
      { topic: 'alpha', partition: 0, replicas: [2, 3] },
      { topic: 'alpha', partition: 1, replicas: [1, 3] },
    ],
    current,
  );
  it('leader and follower throttled replicas, brokers throttled', () => {
    expect(leaderThrottles(moves).get('alpha')).toBe('0:1,0:3,1:2,1:3');
    expect(followerThrottles(moves).get('alpha')).toBe('0:2,1:1');
    expect(reassigningBrokers(moves)).toEqual([1, 2, 3]);
  });
  it('a partition already moving keeps its original sources', () => {
    const again = proposedMoveMap(
      [{ topic: 'alpha', partition: 0, replicas: [2, 3, 1], adding: [2], removing: [1] }],
      [{ topic: 'alpha', partition: 0, replicas: [4, 3] }],
      current,
    );
    expect(leaderThrottles(again).get('alpha')).toBe('0:1,0:3');
    expect(followerThrottles(again).get('alpha')).toBe('0:4');
  });
  it('sorts throttle entries as strings, like the TreeSet Kafka uses', () => {
    const m = proposedMoveMap(
      [],
      [
        { topic: 't', partition: 10, replicas: [1] },
        { topic: 't', partition: 2, replicas: [1] },
      ],
      new Map([
        ['t\u000010', [2]],
        ['t\u00002', [2]],
      ]),
    );
    expect(leaderThrottles(m).get('t')).toBe('10:2,2:2');
  });
});

describe("the tool's lines", () => {
  it('--execute: the rollback file and the started line', () => {
    expect(
      currentAssignmentText(
        [{ topic: 'alpha', partition: 0 }],
        new Map([
          ['alpha\u00000', [1, 2]],
          ['alpha\u00001', [2, 3]],
        ]),
      ),
    ).toBe(
      'Current partition replica assignment\n\n{"version":1,"partitions":[{"topic":"alpha","partition":0,"replicas":[1,2],"log_dirs":["any","any"]}]}\n\nSave this to use as the --reassignment-json-file option during rollback',
    );
    expect(
      startedText([
        { topic: 'alpha', partition: 3 },
        { topic: 'alpha', partition: 0 },
      ]),
    ).toBe('Successfully started partition reassignments for alpha-0,alpha-3');
    expect(startedText([{ topic: 'a', partition: 0 }])).toBe('Successfully started partition reassignment for a-0');
  });
  it('--verify: partition states', () => {
    expect(
      partitionStatesText([
        { topic: 'b', partition: 0, current: [1, 2], target: [1, 2], done: true },
        { topic: 'a', partition: 1, current: [3, 2], target: [1, 3], done: true },
        { topic: 'a', partition: 0, current: [2, 3, 1], target: [2, 3], done: false },
      ]),
    ).toBe(
      [
        'Status of partition reassignment:',
        'Reassignment of partition a-0 is still in progress.',
        'There is no active reassignment of partition a-1, but replica set is 3,2 rather than 1,3.',
        'Reassignment of partition b-0 is completed.',
      ].join('\n'),
    );
  });
  it('--verify: log-dir moves', () => {
    const st = (broker: number, target: string, found?: { current: string | null; future: string | null }) => ({
      topic: 't',
      partition: 0,
      broker,
      state: logDirMoveState(target, found),
    });
    expect(
      replicaMoveStatesText([
        st(5, '/a', { current: '/a', future: null }),
        st(1, '/a'),
        st(2, '/a', { current: null, future: null }),
        st(3, '/a', { current: '/b', future: '/a' }),
        st(4, '/a', { current: '/b', future: null }),
        st(6, '/a', { current: '/b', future: '/c' }),
      ]),
    ).toBe(
      [
        'Partition t-0 cannot be found in any live log directory on broker 1.',
        'Partition t-0 is not found in any live log dir on broker 2. There is likely an offline log directory on the broker.',
        'Reassignment of replica t-0-3 is still in progress.',
        'Partition t-0 on broker 4 is not being moved from log dir /b to /a.',
        'Reassignment of replica t-0-5 completed successfully.',
        'Partition t-0 on broker 6 is being moved to log dir /c instead of /a.',
      ].join('\n'),
    );
  });
  it('clearing throttles names brokers and topics in Java HashSet order', () => {
    expect(clearingThrottlesText([1, 2, 3], [{ topic: 'alpha', replicas: [2, 3] }]).text).toBe(
      'Clearing broker-level throttles on brokers 1,2,3\nClearing topic-level throttles on topic alpha',
    );
    expect(
      clearingThrottlesText(
        [1],
        [
          { topic: 'orders', replicas: [1] },
          { topic: 'alpha', replicas: [1] },
          { topic: 'x', replicas: [1] },
        ],
      ).text,
    ).toBe('Clearing broker-level throttles on broker 1\nClearing topic-level throttles on topics alpha,x,orders');
  });
  it('--list', () => {
    expect(ongoingReassignmentsText([])).toBe('No partition reassignments found.');
    expect(
      ongoingReassignmentsText([
        { topic: 'alpha', partition: 1, replicas: [1, 3, 2], adding: [1], removing: [2] },
        { topic: 'alpha', partition: 0, replicas: [2, 3], adding: [], removing: [] },
      ]),
    ).toBe('Current partition reassignments:\nalpha-0: replicas: 2,3.\nalpha-1: replicas: 1,3,2. adding: 1. removing: 2.');
  });
});

describe('the command line (Kafka checks, before any connection)', () => {
  it('exactly one action', () => {
    expect(() => reassignPlan({})).toThrow('Command must include exactly one action: --generate, --execute, --verify, --cancel, --list');
    expect(() => reassignPlan({ verify: true, list: true })).toThrow('exactly one action');
  });
  it('required and permitted options per action', () => {
    expect(() => reassignPlan({ verify: true })).toThrow('Missing required argument "[reassignment-json-file]"');
    expect(() => reassignPlan({ generate: true, topicsToMoveJsonFile: 'f' })).toThrow('Missing required argument "[broker-list]"');
    expect(() => reassignPlan({ verify: true, reassignmentJsonFile: 'f', throttle: 5 })).toThrow('Option "[throttle]" can\'t be used with action "[verify]"');
    expect(reassignPlan({ execute: true, reassignmentJsonFile: 'f', throttle: 5 })).toMatchObject({ action: 'execute', throttle: 5, logDirThrottle: -1 });
    expect(reassignPlan({ list: true })).toMatchObject({ action: 'list' });
  });
});
