/**
 * Options to plans for the client commands (topics, console-consumer, console-producer): the
 * checks Kafka's own option classes make, with Kafka's texts, before anything connects.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pickAction, topicsPlan } from '../../../src/admin/topics-plan.js';
import { CONSUMER_SETTINGS } from '../../../src/consume/runner.js';
import { consumerPlan } from '../../../src/consume/console-consumer-plan.js';
import { parseAcks, producerPlan, type ProducerArgs } from '../../../src/produce/console-producer-plan.js';

const usage = (message: string) => expect.objectContaining({ kind: 'usage', exitCode: 2, message });

describe('topics', () => {
  it("takes the action from Kafka's flag or the subcommand, exactly one", () => {
    expect(pickAction({ list: true })).toBe('list');
    expect(pickAction({ action: 'describe' })).toBe('describe');
    expect(pickAction({ action: 'create', create: true })).toBe('create');
    const oneAction = usage('Command must include exactly one action: --list, --describe, --create, --alter or --delete');
    expect(() => pickAction({})).toThrow(oneAction);
    expect(() => pickAction({ list: true, delete: true })).toThrow(oneAction);
    expect(() => pickAction({ action: 'list', describe: true })).toThrow(oneAction);
  });

  it('plans a create with its configs, assignment and the collision warning', () => {
    expect(
      topicsPlan({
        action: 'create',
        name: 'orders.eu',
        partitions: 3,
        replicationFactor: 1,
        // like Kafka: spaces around the key and the '=' go, the value is kept as typed
        config: ['retention.ms=1000', ' cleanup.policy = compact '],
        ifNotExists: true,
        bootstrapServer: 'h:1',
        timeout: 5000,
      }),
    ).toEqual({
      action: 'create',
      topic: 'orders.eu',
      partitions: 3,
      replicationFactor: 1,
      assignment: undefined,
      configs: [
        ['retention.ms', '1000'],
        ['cleanup.policy', 'compact '],
      ],
      ifNotExists: true,
      collisionWarning: true,
      excludeInternal: false,
      format: 'text',
      connection: { bootstrapServer: 'h:1', commandConfig: undefined, timeout: 5000, verbose: undefined },
    });
    expect(topicsPlan({ create: true, topic: 'orders', replicaAssignment: '0:1,1:2' })).toMatchObject({
      topic: 'orders',
      collisionWarning: false,
      assignment: [
        [0, 1],
        [1, 2],
      ],
      configs: [],
    });
  });

  it('plans list, describe (with the report filters), delete and alter', () => {
    expect(topicsPlan({ list: true, excludeInternal: true, output: 'json' })).toMatchObject({
      action: 'list',
      topic: undefined,
      excludeInternal: true,
      format: 'json',
    });
    expect(topicsPlan({ describe: true, topic: 'a.*', underReplicatedPartitions: true, ifExists: true })).toMatchObject({
      action: 'describe',
      topic: 'a.*',
      ifExists: true,
      filters: { underReplicated: true, unavailable: undefined, underMinIsr: undefined, atMinIsr: undefined, topicsWithOverrides: undefined },
    });
    expect(topicsPlan({ action: 'delete', name: 't' })).toMatchObject({ action: 'delete', topic: 't', ifExists: false });
    expect(topicsPlan({ alter: true, topic: 't', partitions: 6, replicaAssignment: '1,2,3,1,2,3' })).toMatchObject({
      action: 'alter',
      topic: 't',
      partitions: 6,
      assignment: [[1], [2], [3], [1], [2], [3]],
    });
    // the same topic given both ways is fine
    expect(topicsPlan({ delete: true, name: 't', topic: 't' })).toMatchObject({ topic: 't' });
  });

  it("refuses options that do not go with the action, with Kafka's texts", () => {
    expect(() => topicsPlan({ list: true, name: 'a', topic: 'b' })).toThrow(usage("two topics given: 'a' and --topic 'b'"));
    expect(() => topicsPlan({ list: true, atMinIsrPartitions: true })).toThrow(
      usage('the report options (--under-replicated-partitions ...) work only with --describe'),
    );
    expect(() => topicsPlan({ alter: true, topic: 't', partitions: 2, config: ['a=b'] })).toThrow(
      usage('Option "[config]" can\'t be used with option "[alter]"'),
    );
    expect(() => topicsPlan({ describe: true, replicationFactor: 2 })).toThrow(usage('Option "[replication-factor]" can\'t be used with option "[describe]"'));
    expect(() => topicsPlan({ create: true, topic: 't', partitions: 2, replicaAssignment: '0,1' })).toThrow(
      usage('--replica-assignment cannot be combined with --partitions or --replication-factor on create'),
    );
    expect(() => topicsPlan({ create: true, topic: 't', replicaAssignment: '0:0' })).toThrow(
      usage('Partition replica lists may not contain duplicate entries: 0'),
    );
    expect(() => topicsPlan({ create: true, topic: 't', config: ['retention.ms'] })).toThrow(
      usage('requirement failed: Invalid topic config: all configs to be added must be in the format "key=val".'),
    );
    expect(() => topicsPlan({ delete: true })).toThrow(usage('Missing required argument "[topic]"'));
    expect(() => topicsPlan({ alter: true, topic: 't' })).toThrow(usage('Missing required argument "[partitions]"'));
  });

  it('checks the name of a topic to create before connecting, as a failed topic command', () => {
    expect(() => topicsPlan({ create: true, topic: 'a b' })).toThrow(
      expect.objectContaining({
        kind: 'usage',
        message:
          "Error while executing topic command : Topic name is invalid: 'a b' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'",
        hint: "Topic names use ASCII letters, digits, '.', '_' and '-', at most 249 characters.",
      }),
    );
    // only create names a new topic: other actions take a regex
    expect(topicsPlan({ describe: true, topic: 'a b' })).toMatchObject({ topic: 'a b' });
  });
});

describe('console-consumer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kafka-lab-plans-'));

  it('plans a plain read of one topic from the end, no group', () => {
    const plan = consumerPlan({ topic: 't', bootstrapServer: 'h:1', timeout: 3000 });
    expect(plan).toMatchObject({
      topic: 't',
      include: undefined,
      defaultStart: { kind: 'end' },
      group: undefined,
      untilEnd: false,
      readCommitted: false,
      skipMessageOnError: false,
      settings: CONSUMER_SETTINGS,
      connection: { bootstrapServer: 'h:1', commandConfig: undefined, timeout: 3000, verbose: undefined },
    });
    expect(plan.offsets).toBeUndefined();
    expect(plan.formatterProperties.size).toBe(0);
  });

  it('reads --from-beginning, offsets per partition, the include regex and the formatter properties', () => {
    expect(consumerPlan({ topic: 't', fromBeginning: true }).defaultStart).toEqual({ kind: 'start' });
    expect(consumerPlan({ topic: 't', offset: '-10,2:start' }).offsets).toEqual({
      all: { kind: 'fromEnd', count: 10n },
      perPartition: new Map([[2, { kind: 'start' }]]),
    });
    const plan = consumerPlan({
      include: 'orders-.*',
      property: ['print.key=true'],
      formatterProperty: ['key.separator=:'],
      keyDeserializer: 'x.LongDeserializer',
    });
    expect(plan.include?.test('orders-eu')).toBe(true);
    expect(plan.include?.test('xorders-eu')).toBe(false);
    expect(Object.fromEntries(plan.formatterProperties)).toEqual({ 'print.key': 'true', 'key.separator': ':', 'key.deserializer': 'x.LongDeserializer' });
    expect(consumerPlan({ whitelist: 'a|b' }).includeText).toBe('a|b');
    expect(consumerPlan({ topic: 't', timeoutMs: -1 }).idleTimeoutMs).toBeUndefined();
    expect(consumerPlan({ topic: 't', timeoutMs: 500 }).idleTimeoutMs).toBe(500);
  });

  it('takes consumer properties from the file, then the flags, into the settings', () => {
    const file = join(dir, 'consumer.properties');
    writeFileSync(file, 'group.id=g1\nauto.offset.reset=earliest\nfetch.max.wait.ms=100\nisolation.level=read_committed\n');
    const plan = consumerPlan({
      topic: 't',
      'consumer.config': file,
      consumerProperty: [
        'fetch.max.wait.ms=200',
        'enable.auto.commit=false',
        'partition.assignment.strategy=org.apache.kafka.clients.consumer.RoundRobinAssignor',
      ],
    });
    expect(plan.group).toBe('g1');
    expect(plan.defaultStart).toEqual({ kind: 'start' });
    expect(plan.readCommitted).toBe(true);
    expect(plan.settings).toMatchObject({ maxWaitMs: 200, autoCommit: false, assignors: ['roundrobin'] });
  });

  it("refuses what Kafka's ConsoleConsumerOptions refuses, with its texts", () => {
    expect(() => consumerPlan({})).toThrow(usage('Exactly one of --include/--topic is required. '));
    expect(() => consumerPlan({ topic: 't', include: 'x' })).toThrow(usage('Exactly one of --include/--topic is required. '));
    expect(() => consumerPlan({ include: 'x', partition: 0 })).toThrow(usage('The topic is required when partition is specified.'));
    expect(() => consumerPlan({ topic: 't', partition: 0, group: 'g' })).toThrow(usage('Options group and partition cannot be specified together.'));
    expect(() => consumerPlan({ topic: 't', partition: 0, consumerProperty: ['group.id=g'] })).toThrow(
      usage('Options group and partition cannot be specified together.'),
    );
    expect(() => consumerPlan({ topic: 't', offset: '5', fromBeginning: true })).toThrow(
      usage('Options from-beginning and offset cannot be specified together.'),
    );
    expect(() => consumerPlan({ topic: 't', offset: 'soon' })).toThrow(
      usage("The provided offset value 'soon' is incorrect. Valid values are 'earliest', 'latest', or a non-negative long."),
    );
    expect(() => consumerPlan({ topic: 't', group: 'a', consumerProperty: ['group.id=b'] })).toThrow(
      usage(
        "The group ids provided in different places (directly using '--group', via '--consumer-property', or via '--consumer.config') do not match. Detected group ids: 'a', 'b'",
      ),
    );
    expect(() => consumerPlan({ topic: 't', fromBeginning: true, consumerProperty: ['auto.offset.reset=latest'] })).toThrow(
      usage("Can't simultaneously specify --from-beginning and 'auto.offset.reset=latest', please remove one option"),
    );
  });

  it('refuses our own nonsense: --tail with a start, bad counts, an unknown formatter or assignor, a broken regex', () => {
    expect(() => consumerPlan({ topic: 't', tail: 5, group: 'g' })).toThrow(usage('--tail cannot be combined with --group, --offset or --from-beginning'));
    expect(() => consumerPlan({ topic: 't', tail: -1 })).toThrow(usage("--tail expects a record count, got '-1'"));
    expect(() => consumerPlan({ topic: 't', maxMessages: 1.5 })).toThrow(usage("--max-messages expects a record count, got '1.5'"));
    expect(() => consumerPlan({ topic: 't', partition: -2 })).toThrow(usage("--partition expects a partition number, got '-2'"));
    expect(() => consumerPlan({ topic: 't', formatter: 'my.Formatter' })).toThrow(usage("formatter 'my.Formatter' is not supported"));
    expect(() => consumerPlan({ topic: 't', isolationLevel: 'sometimes' })).toThrow(usage("invalid isolation level 'sometimes'"));
    expect(() => consumerPlan({ topic: 't', consumerProperty: ['partition.assignment.strategy=sticky'] })).toThrow(
      usage('partition.assignment.strategy sticky is not supported'),
    );
    expect(() => consumerPlan({ topic: 't', consumerProperty: ['fetch.min.bytes=lots'] })).toThrow(usage('fetch.min.bytes=lots is not a valid number'));
    expect(() => consumerPlan({ include: '(' })).toThrow(usage("--include '(' is not a valid regular expression"));
  });
});

describe('console-producer', () => {
  const base: ProducerArgs = { topic: 't', connectTimeout: 10_000, recordSize: 100, keys: 0, rate: 0 };

  it("plans Kafka's defaults: acks all, idempotent, no compression, linger 1000 ms", () => {
    const plan = producerPlan({ ...base, bootstrapServer: 'h:1' });
    expect(plan).toMatchObject({
      topic: 't',
      sync: false,
      random: undefined,
      connection: { bootstrapServer: 'h:1', commandConfig: undefined, timeout: 10_000, verbose: undefined },
    });
    expect(plan.settings).toEqual({
      acks: -1,
      idempotent: true,
      compression: 'none',
      lingerMs: 1000,
      batchSize: undefined,
      maxInFlight: 5,
      deliveryTimeoutMs: 120_000,
      requestTimeoutMs: 1500,
      retryBackoffMs: 100,
      retryBackoffMaxMs: 1000,
      retries: 2147483647,
      maxRequestSize: 1048576,
      bufferMemory: 32 * 1024 * 1024,
      maxBlockMs: 60_000,
      autoCreateTopics: true,
    });
    expect(plan.reader).toMatchObject({ parseKey: false, parseHeaders: false, keySeparator: Buffer.from('\t') });
  });

  it('gives explicit flags precedence over producer properties, and follows Java on idempotence', () => {
    const plan = producerPlan({
      ...base,
      requestRequiredAcks: '1',
      producerProperty: ['acks=all', 'linger.ms=5', 'compression.type=lz4', 'batch.size=1000'],
      timeout: 50,
      compressionCodec: '',
    });
    // acks 1 from the flag: no idempotence; an empty --compression-codec means gzip
    expect(plan.settings).toMatchObject({ acks: 1, idempotent: false, lingerMs: 50, compression: 'gzip', batchSize: 1000 });
    expect(producerPlan({ ...base, producerProperty: ['enable.idempotence=false'] }).settings.idempotent).toBe(false);
    expect(producerPlan({ ...base, brokerList: 'old:9092' }).connection.bootstrapServer).toBe('old:9092');
    expect(producerPlan({ ...base, random: 10, recordSize: 20, keys: 3, rate: 5 }).random).toEqual({ count: 10, recordSize: 20, keys: 3, rate: 5 });
    expect(producerPlan({ ...base, property: ['parse.key=true', 'key.separator=:'] }).reader).toMatchObject({ parseKey: true, keySeparator: Buffer.from(':') });
    // a format string naming the topic per record needs no --topic
    expect(producerPlan({ ...base, topic: undefined, format: '%t %s\\n' }).topic).toBeUndefined();
  });

  it("refuses what Kafka's producer config refuses, and bad flags", () => {
    expect(() => producerPlan({ ...base, topic: undefined })).toThrow(usage("missing required option --topic for 'console-producer'"));
    expect(() => producerPlan({ ...base, random: 5, file: 'x' })).toThrow(usage('--random cannot be combined with --file or --format'));
    expect(() => producerPlan({ ...base, random: -1 })).toThrow(usage("--random expects a record count, got '-1'"));
    expect(() => producerPlan({ ...base, requestRequiredAcks: '1', producerProperty: ['enable.idempotence=true'] })).toThrow(
      usage('Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence.'),
    );
    expect(() => producerPlan({ ...base, producerProperty: ['enable.idempotence=true', 'max.in.flight.requests.per.connection=6'] })).toThrow(
      usage('Must set max.in.flight.requests.per.connection to at most 5 to use the idempotent producer.'),
    );
    expect(() => producerPlan({ ...base, producerProperty: ['enable.idempotence=maybe'] })).toThrow(
      usage("enable.idempotence must be true or false, got 'maybe'"),
    );
    expect(() => producerPlan({ ...base, compressionCodec: 'brotli' })).toThrow(usage("unknown compression codec 'brotli'"));
    expect(() => producerPlan({ ...base, batchSize: 0 })).toThrow(usage('--batch-size must be positive, got 0'));
    expect(() => producerPlan({ ...base, timeout: -5 })).toThrow(usage("--timeout expects a whole number >= 0, got '-5'"));
    expect(() => producerPlan({ ...base, property: ['parse.keys=true'] })).toThrow(
      expect.objectContaining({ kind: 'usage', message: expect.stringMatching(/^unknown reader property 'parse.keys'/) }),
    );
    expect(() => parseAcks('2')).toThrow(usage("invalid acks '2'"));
  });
});
