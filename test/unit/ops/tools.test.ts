/**
 * The pure parts of kafka-leader-election, kafka-transactions, the verifiable tools and
 * kafka-e2e-latency: command-line plans (Kafka's checks and messages), the lines and JSON
 * events as Kafka's tools print them (recorded from Kafka 3.9.2), and Java's own text.
 */
import { describe, expect, it } from 'vitest';
import { electionText, parseElectionJson } from '../../../src/admin/leader-election.js';
import { e2eLatencyPlan } from '../../../src/commands/e2e-latency.js';
import { leaderElectionPlan } from '../../../src/commands/leader-election.js';
import { transactionsPlan } from '../../../src/commands/transactions.js';
import { verifiableConsumerPlan } from '../../../src/commands/verifiable-consumer.js';
import { verifiableProducerPlan } from '../../../src/commands/verifiable-producer.js';
import { javaDouble, javaExceptionClass, javaExceptionString, javaFixed, prettyPrintTable } from '../../../src/format/java-text.js';
import { latencyPayload, latencySummary } from '../../../src/perf/e2e-latency.js';
import { JavaRandom } from '../../../src/util/java-random.js';
import {
  offsetsCommitted,
  partitionsAssigned,
  producerSendError,
  producerSendSuccess,
  recordData,
  recordsConsumed,
  startupComplete,
  toolData,
} from '../../../src/verifiable/events.js';
import { assignorsOf, verifiableProducerSettings } from '../../../src/verifiable/settings.js';

describe("Java's text", () => {
  it('Double.toString', () => {
    expect(javaDouble(0)).toBe('0.0');
    expect(javaDouble(5)).toBe('5.0');
    expect(javaDouble(5.1440329218107)).toBe('5.1440329218107');
    expect(javaDouble(0.001)).toBe('0.001');
    expect(javaDouble(0.0001)).toBe('1.0E-4');
    expect(javaDouble(12345678)).toBe('1.2345678E7');
    expect(javaDouble(Number.POSITIVE_INFINITY)).toBe('Infinity');
  });
  it('String.format %.4f rounds half up on the decimal form', () => {
    expect(javaFixed(16.50285, 4)).toBe('16.5029');
    expect(javaFixed(0.00005, 4)).toBe('0.0001');
    expect(javaFixed(2.5, 0)).toBe('3');
    expect(javaFixed(9.99995, 4)).toBe('10.0000');
    expect(javaFixed(1e-9, 4)).toBe('0.0000');
  });
  it('exception names and toString', () => {
    expect(javaExceptionClass(3)).toBe('UnknownTopicOrPartitionException');
    expect(javaExceptionClass(17)).toBe('InvalidTopicException');
    expect(javaExceptionClass(31)).toBe('ClusterAuthorizationException');
    expect(javaExceptionClass(84)).toBe('ElectionNotNeededException');
    expect(javaExceptionString(3, 'No such topic as nosuch')).toBe('org.apache.kafka.common.errors.UnknownTopicOrPartitionException: No such topic as nosuch');
    expect(javaExceptionString(80, null)).toBe('org.apache.kafka.common.errors.PreferredLeaderNotAvailableException: The preferred leader was not available.');
  });
  it("ToolsUtils.prettyPrintTable (kafka-transactions' tables)", () => {
    expect(prettyPrintTable(['TransactionalId', 'Coordinator', 'ProducerId', 'TransactionState'], [['tx-demo', '1', '3', 'Ongoing']])).toBe(
      'TransactionalId\tCoordinator\tProducerId\tTransactionState\t\ntx-demo        \t1          \t3         \tOngoing         \t',
    );
  });
});

describe('kafka-leader-election', () => {
  it("plans with Kafka's checks", () => {
    expect(() => leaderElectionPlan({})).toThrow('Missing required option(s): election-type');
    expect(() => leaderElectionPlan({ electionType: 'best' })).toThrow('Value [best] is not one of [PREFERRED, UNCLEAN]');
    expect(() => leaderElectionPlan({ electionType: 'preferred' })).toThrow(
      'One and only one of the following options is required: topic, all-topic-partitions, path-to-json-file',
    );
    expect(() => leaderElectionPlan({ electionType: 'preferred', topic: 't' })).toThrow('Missing required option(s): partition');
    expect(() => leaderElectionPlan({ electionType: 'preferred', allTopicPartitions: true, partition: 1 })).toThrow(
      'Option partition is only allowed if topic is used',
    );
    expect(leaderElectionPlan({ electionType: 'PREFERRED', topic: 't', partition: 2, 'admin.config': 'a.properties' })).toMatchObject({
      type: 'preferred',
      partitions: [{ topic: 't', partition: 2 }],
      commandConfig: 'a.properties',
    });
    expect(leaderElectionPlan({ electionType: 'unclean', allTopicPartitions: true }).partitions).toBeNull();
  });
  it('reads its JSON file, refusing duplicates', () => {
    expect(parseElectionJson('{"partitions":[{"topic":"a","partition":1}]}', 'f')).toEqual([{ topic: 'a', partition: 1 }]);
    expect(() => parseElectionJson('{"partitions":[{"topic":"a","partition":1},{"topic":"a","partition":1}]}', 'f')).toThrow(
      'Replica election data contains duplicate partitions: [a-1]',
    );
    expect(() => parseElectionJson('{}', 'f')).toThrow('f: Replica election data is missing "partitions" field');
    expect(() => parseElectionJson('{"partitions":', 'f')).toThrow(/^f: not valid JSON/);
  });
  it("prints Kafka's lines (a recorded run: the elected partitions in Java's HashSet order)", () => {
    const p = (partition: number) => ({ topic: 'el', partition });
    expect(
      electionText({
        type: 'preferred',
        elected: [p(6), p(5), p(3), p(2), p(0)],
        notNeeded: [p(4), p(1)],
        failed: [
          { topic: 'nosuch', partition: 0, error: 'UNKNOWN_TOPIC_OR_PARTITION', errorCode: 3, message: javaExceptionString(3, 'No such topic as nosuch') },
        ],
      }),
    ).toEqual([
      'Successfully completed leader election (PREFERRED) for partitions el-6, el-5, el-3, el-2, el-0',
      'Valid replica already elected for partitions el-4, el-1',
      'Error completing leader election (PREFERRED) for partition: nosuch-0: org.apache.kafka.common.errors.UnknownTopicOrPartitionException: No such topic as nosuch',
    ]);
  });
});

describe('kafka-transactions', () => {
  it("plans each sub-command with Kafka's checks", () => {
    expect(() => transactionsPlan({ action: 'lst' })).toThrow("argument COMMAND: invalid choice: 'lst'");
    expect(transactionsPlan({ action: 'list', durationFilter: 1000 })).toEqual({ action: 'list', durationFilterMs: 1000, pattern: undefined });
    expect(() => transactionsPlan({ action: 'describe' })).toThrow('argument --transactional-id is required');
    expect(() => transactionsPlan({ action: 'describe-producers', topic: 't' })).toThrow('argument --partition is required');
    expect(() => transactionsPlan({ action: 'list', topic: 't' })).toThrow("unrecognized arguments: '--topic'");
    expect(() => transactionsPlan({ action: 'find-hanging', maxTransactionTimeout: 15 })).toThrow(
      'The `find-hanging` command requires either --topic or --broker-id to limit the scope of the search',
    );
    expect(() => transactionsPlan({ action: 'find-hanging', brokerId: 1, partition: 0, maxTransactionTimeout: 15 })).toThrow(
      'The --partition argument requires --topic to be provided',
    );
    expect(() => transactionsPlan({ action: 'abort', topic: 't', partition: 0 })).toThrow(
      'The transaction to abort must be identified either with --start-offset',
    );
    expect(() => transactionsPlan({ action: 'abort', topic: 't', partition: 0, producerId: '5' })).toThrow('Missing required argument --producer-epoch');
    expect(transactionsPlan({ action: 'abort', topic: 't', partition: 0, producerId: '5', producerEpoch: 1, coordinatorEpoch: -1 })).toEqual({
      action: 'abort',
      topic: 't',
      partition: 0,
      spec: { producerId: 5n, producerEpoch: 1, coordinatorEpoch: 0 },
    });
  });
});

describe('the verifiable tools', () => {
  // lines printed by Kafka 3.9.2's VerifiableProducer / VerifiableConsumer
  it("write Kafka's JSON events, field for field", () => {
    expect(startupComplete(1795641966546)).toBe('{"timestamp":1795641966546,"name":"startup_complete"}');
    expect(producerSendSuccess(1795641967215, { key: '1', value: '1', offset: 0, topic: 'vp', partition: 1 })).toBe(
      '{"timestamp":1795641967215,"name":"producer_send_success","key":"1","value":"1","offset":0,"topic":"vp","partition":1}',
    );
    expect(
      producerSendError(1795644170490, {
        topic: 'bad topic!',
        key: null,
        value: '0',
        exception: 'org.apache.kafka.common.errors.InvalidTopicException',
        message: 'Invalid topics: [bad topic!]',
      }),
    ).toBe(
      '{"timestamp":1795644170490,"name":"producer_send_error","topic":"bad topic!","key":null,"value":"0","exception":"class org.apache.kafka.common.errors.InvalidTopicException","message":"Invalid topics: [bad topic!]"}',
    );
    expect(toolData(1795641967517, { sent: 5, acked: 5, targetThroughput: -1, avgThroughput: 5.1440329218107 })).toBe(
      '{"timestamp":1795641967517,"name":"tool_data","sent":5,"acked":5,"target_throughput":-1,"avg_throughput":5.1440329218107}',
    );
    expect(toolData(1, { sent: 1, acked: 0, targetThroughput: -1, avgThroughput: 0 })).toBe(
      '{"timestamp":1,"name":"tool_data","sent":1,"acked":0,"target_throughput":-1,"avg_throughput":0.0}',
    );
    expect(
      partitionsAssigned(1795641973820, [
        { topic: 'vp', partition: 0 },
        { topic: 'vp', partition: 1 },
      ]),
    ).toBe('{"timestamp":1795641973820,"name":"partitions_assigned","partitions":[{"topic":"vp","partition":0},{"topic":"vp","partition":1}]}');
    expect(recordData(1795641974127, { key: '1', value: '1', topic: 'vp', partition: 1, offset: 0 })).toBe(
      '{"timestamp":1795641974127,"name":"record_data","key":"1","value":"1","topic":"vp","partition":1,"offset":0}',
    );
    expect(
      recordsConsumed(1795641974136, 7, [
        { topic: 'vp', partition: 1, count: 2, minOffset: 0, maxOffset: 1 },
        { topic: 'vp', partition: 0, count: 5, minOffset: 0, maxOffset: 4 },
      ]),
    ).toBe(
      '{"timestamp":1795641974136,"name":"records_consumed","count":7,"partitions":[{"topic":"vp","partition":1,"count":2,"minOffset":0,"maxOffset":1},{"topic":"vp","partition":0,"count":5,"minOffset":0,"maxOffset":4}]}',
    );
    expect(offsetsCommitted(1795641974179, [{ topic: 'vp', partition: 1, offset: 2 }], null)).toBe(
      '{"timestamp":1795641974179,"name":"offsets_committed","offsets":[{"topic":"vp","partition":1,"offset":2}],"success":true}',
    );
    expect(offsetsCommitted(1, [], 'boom')).toBe('{"timestamp":1,"name":"offsets_committed","offsets":[],"error":"boom","success":false}');
  });
  it('plans and settings', () => {
    const base = { maxMessages: -1, throughput: -1, acks: -1, messageCreateTime: -1, connectTimeout: 1000 };
    expect(() => verifiableProducerPlan(base)).toThrow('argument --topic is required');
    expect(() => verifiableProducerPlan({ ...base, topic: 't', acks: 2 })).toThrow('argument --acks: invalid choice: 2 (choose from 0, 1, -1)');
    expect(verifiableProducerPlan({ ...base, topic: 't', valuePrefix: 7 })).toMatchObject({ topic: 't', valuePrefix: 7, createTime: undefined });
    // retries=0 makes Kafka's producer non-idempotent unless asked; the file wins over --acks
    expect(verifiableProducerSettings(-1, new Map())).toMatchObject({ acks: -1, retries: 0, idempotent: false });
    expect(verifiableProducerSettings(-1, new Map([['acks', '1']]))).toMatchObject({ acks: 1 });
    expect(() => verifiableProducerSettings(-1, new Map([['enable.idempotence', 'true']]))).toThrow('Must set retries to non-zero');
    const c = { maxMessages: -1, sessionTimeout: 30000, resetPolicy: 'earliest', assignmentStrategy: 'x', connectTimeout: 1000 };
    expect(() => verifiableConsumerPlan({ ...c, topic: 't' })).toThrow('argument --group-id is required');
    expect(verifiableConsumerPlan({ ...c, topic: 't' }, new Map([['group.id', 'g']])).groupId).toBe('g');
    expect(assignorsOf('org.apache.kafka.clients.consumer.RoundRobinAssignor')).toEqual(['roundrobin']);
    expect(() => assignorsOf('org.apache.kafka.clients.consumer.CooperativeStickyAssignor')).toThrow('is not supported by kafka-lab');
  });
});

describe('kafka-e2e-latency', () => {
  it("takes Kafka's positional arguments", () => {
    expect(() => e2eLatencyPlan({ args: ['b', 't'], connectTimeout: 1 })).toThrow('USAGE: kafka-lab e2e-latency broker_list topic');
    expect(() => e2eLatencyPlan({ args: ['b', 't', '10', '0', '100'], connectTimeout: 1 })).toThrow(
      'Latency testing requires synchronous acknowledgement. Please use 1 or all',
    );
    expect(e2eLatencyPlan({ args: ['b', 't', '10', 'all', '100', ''], connectTimeout: 1 })).toMatchObject({
      numMessages: 10,
      acks: -1,
      propertiesFile: undefined,
    });
  });
  it("sends Kafka's payloads: one letter per message from Random(0)", () => {
    const r = new JavaRandom(0);
    expect(latencyPayload(r, 3).toString()).toBe('SSS');
    expect(latencyPayload(r, 2).toString()).toBe('SS');
    expect(latencyPayload(r, 1).toString()).toBe('X');
  });
  it('summarises as Kafka does', () => {
    expect(latencySummary(16.50285e6 * 4, [3, 1, 40, 2])).toEqual(['Avg latency: 16.5029 ms', 'Percentiles: 50th = 3, 99th = 40, 99.9th = 40']);
  });
});
