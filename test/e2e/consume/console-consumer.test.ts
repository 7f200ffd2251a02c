import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { committed as committedOffsets, createTopic, groupsTouching, javaProduce, removeGroups, removeTopics } from '../../helpers/client.js';
import { runKafkaTool } from '../../helpers/kafka.js';

const bootstrap = inject('bootstrap');
const uid = randomBytes(3).toString('hex');
const T = `cc-main-${uid}`;
const EMPTY = `cc-empty-${uid}`;
const LAT = `cc-lat-${uid}`;
const LONG = `cc-long-${uid}`;
const ALL_PRINT = ['print.timestamp', 'print.key', 'print.value', 'print.partition', 'print.offset', 'print.headers'];

beforeAll(async () => {
  await Promise.all([
    // fixed 2023 timestamps: without retention.ms=-1 the broker's first retention check deletes them
    createTopic(bootstrap, T, { partitions: 2, configs: { 'retention.ms': '-1' } }),
    createTopic(bootstrap, EMPTY),
    createTopic(bootstrap, LAT, { configs: { 'message.timestamp.type': 'LogAppendTime' } }),
    createTopic(bootstrap, LONG),
  ]);
  // written by Kafka's Java producer: keys, null keys, null values, headers, bytes that are not UTF-8, fixed timestamps
  await javaProduce(bootstrap, T, [
    {
      partition: 0,
      key: 'k1',
      value: 'v1',
      timestamp: 1700000000000,
      headers: [
        ['h1', 'a'],
        ['h2', 'b'],
      ],
    },
    { partition: 0, key: null, value: 'no key', timestamp: 1700000000001 },
    { partition: 1, key: 'k3', value: null, timestamp: 1700000000002, headers: [['only', 'x']] },
    { partition: 1, key: 'k4', value: Buffer.from([0xc3, 0x28, 0x41]), timestamp: 1700000000003 },
    { partition: 0, key: 'k5', value: 'tab\tinside', timestamp: 1700000000004 },
  ]);
});

afterAll(async () => {
  await removeTopics(bootstrap, [T, EMPTY, LAT, LONG]).catch(() => {});
});

const ours = (args: string[], opts: Parameters<typeof runCli>[1] = {}) => runCli(['console-consumer', '--bootstrap-server', bootstrap, ...args], opts);

/** Java and kafka-lab print partitions in different interleavings: compare per partition. */
function byPartition(text: string): string[] {
  return text.split('\n').filter(Boolean).sort();
}

describe('console-consumer: side by side with Kafka', () => {
  it('prints the same bytes as Kafka with every print.* property and custom separators', async () => {
    const props = [...ALL_PRINT.map((p) => `${p}=true`), 'key.separator= | ', 'headers.separator=;', 'null.literal=<null>'];
    const propArgs = props.flatMap((p) => ['--property', p]);
    const [java, ourRun] = await Promise.all([
      runKafkaTool('org.apache.kafka.tools.consumer.ConsoleConsumer', [
        '--bootstrap-server',
        bootstrap,
        '--topic',
        T,
        '--from-beginning',
        '--max-messages',
        '5',
        ...propArgs,
      ]),
      ours(['--topic', T, '--from-beginning', '--max-messages', '5', ...propArgs]),
    ]);
    expect(java.exitCode).toBe(0);
    expect(ourRun.exitCode).toBe(0);
    expect(byPartition(java.stdout)).toHaveLength(5);
    expect(byPartition(ourRun.stdout)).toEqual(byPartition(java.stdout));
    expect(ourRun.stdout).toContain('CreateTime:1700000000000 | Partition:0 | Offset:0 | h1:a;h2:b | k1 | v1');
    expect(ourRun.stderr).toContain('Processed a total of 5 messages');
    // the same for a single partition read in order: identical bytes, no sorting needed
    const [j0, o0] = await Promise.all([
      runKafkaTool('org.apache.kafka.tools.consumer.ConsoleConsumer', [
        '--bootstrap-server',
        bootstrap,
        '--topic',
        T,
        '--partition',
        '1',
        '--offset',
        'earliest',
        '--max-messages',
        '2',
        '--property',
        'print.key=true',
        '--property',
        'print.headers=true',
      ]),
      ours([
        '--topic',
        T,
        '--partition',
        '1',
        '--offset',
        'earliest',
        '--max-messages',
        '2',
        '--property',
        'print.key=true',
        '--formatter-property',
        'print.headers=true',
      ]),
    ]);
    expect(j0.stdout).toBe('only:x\tk3\tnull\nNO_HEADERS\tk4\t\ufffd(A\n');
    expect(Buffer.from(o0.stdout)).toEqual(Buffer.from(j0.stdout));
  });

  it("decodes numbers with Kafka's deserializers like the Streams quick start", async () => {
    const t = LONG;
    const long = (n: bigint) => {
      const b = Buffer.alloc(8);
      b.writeBigInt64BE(n);
      return b;
    };
    await javaProduce(bootstrap, t, [
      { key: 'all', value: long(3n) },
      { key: 'streams', value: long(-7n) },
    ]);
    const args = [
      '--topic',
      t,
      '--from-beginning',
      '--max-messages',
      '2',
      '--formatter',
      'kafka.tools.DefaultMessageFormatter',
      '--property',
      'print.key=true',
      '--property',
      'print.value=true',
      '--property',
      'key.deserializer=org.apache.kafka.common.serialization.StringDeserializer',
      '--property',
      'value.deserializer=org.apache.kafka.common.serialization.LongDeserializer',
    ];
    const [java, ourRun] = await Promise.all([
      runKafkaTool('org.apache.kafka.tools.consumer.ConsoleConsumer', ['--bootstrap-server', bootstrap, ...args]),
      ours(args),
    ]);
    expect(java.stdout).toBe('all\t3\nstreams\t-7\n');
    expect(ourRun.stdout).toBe(java.stdout);
    // a record the deserializer cannot read: stop with exit 1, or skip it when asked
    await javaProduce(bootstrap, t, [{ value: 'not a long' }, { value: long(9n) }]);
    const strict = await ours(['--topic', t, '--from-beginning', '-e', '--value-deserializer', 'org.apache.kafka.common.serialization.LongDeserializer']);
    expect(strict.exitCode).toBe(1);
    expect(strict.stdout).toBe('3\n-7\n');
    expect(strict.stderr).toContain('Size of data received by LongDeserializer is not 8');
    const skip = await ours([
      '--topic',
      t,
      '--from-beginning',
      '-e',
      '--value-deserializer',
      'org.apache.kafka.common.serialization.LongDeserializer',
      '--skip-message-on-error',
    ]);
    expect(skip.exitCode).toBe(0);
    expect(skip.stdout).toBe('3\n-7\n9\n');
    expect(skip.stderr).toContain('Error processing message, skipping this message');
  });

  it('prints LogAppendTime timestamps like Kafka', async () => {
    await javaProduce(bootstrap, LAT, [{ value: 'appended', timestamp: 1600000000000 }]);
    const args = ['--topic', LAT, '--from-beginning', '--max-messages', '1', '--property', 'print.timestamp=true'];
    const [java, ourRun] = await Promise.all([
      runKafkaTool('org.apache.kafka.tools.consumer.ConsoleConsumer', ['--bootstrap-server', bootstrap, ...args]),
      ours(args),
    ]);
    expect(java.stdout).toMatch(/^LogAppendTime:\d{13}\tappended\n$/);
    expect(ourRun.stdout).toBe(java.stdout);
  });
});

describe('console-consumer', () => {
  it('reads from the beginning until the end (-e) and leaves no group behind', async () => {
    const r = await ours(['--topic', T, '--from-beginning', '-e', '--property', 'print.offset=true', '--property', 'print.partition=true']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.split('\n').filter(Boolean).sort(), r.stderr).toEqual([
      'Partition:0\tOffset:0\tv1',
      'Partition:0\tOffset:1\tno key',
      'Partition:0\tOffset:2\ttab\tinside',
      'Partition:1\tOffset:0\tnull',
      'Partition:1\tOffset:1\t\ufffd(A',
    ]);
    // read by assignment: no group ever had a member on this topic or an offset for it
    expect(await groupsTouching(bootstrap, T)).toEqual([]);
  });

  it('understands the offset grammar, per partition', async () => {
    const r = await ours(['--topic', T, '-o', '0:+1,1:-1', '-e', '-f', '%p:%o %k\\n']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.split('\n').filter(Boolean).sort()).toEqual(['0:1 ', '0:2 k5', '1:1 k4']);
    const t = await ours(['--topic', T, '--offset=@1700000000003', '-e', '-f', '%o\\n']);
    expect(t.stdout.split('\n').filter(Boolean).sort()).toEqual(['1', '2']);
  });

  it('accepts -o -N, --include regexes, and --until-end with a --group (which then commits)', async () => {
    const last = await ours(['--topic', T, '-o', '-1', '-e', '-f', '%p:%o\n']);
    expect(last.exitCode, last.stderr).toBe(0);
    expect(last.stdout.split('\n').filter(Boolean).sort()).toEqual(['0:2', '1:1']);
    const inc = await ours(['--include', `cc-(main|empty)-${uid}`, '--from-beginning', '-e', '-f', '%t\n']);
    expect(inc.exitCode, inc.stderr).toBe(0);
    expect(inc.stdout.split('\n').filter(Boolean)).toEqual(Array(5).fill(T));
    const group = `cc-group-${uid}`;
    const g = await ours(['--topic', T, '--group', group, '--from-beginning', '-e', '--consumer-property', 'auto.commit.interval.ms=100']);
    expect(g.exitCode, g.stderr).toBe(0);
    expect(g.stderr).toContain('Processed a total of 5 messages');
    const committed = await committedOffsets(bootstrap, group);
    expect(committed.map((p) => `${p.topic}:${p.partition}:${p.offset}`).sort()).toEqual([`${T}:0:3`, `${T}:1:2`]);
    // caught up already: -e exits at once with nothing
    const again = await ours(['--topic', T, '--group', group, '-e']);
    expect(again.stderr).toContain('Processed a total of 0 messages');
    const badProp = await ours(['--topic', T, '--consumer-property', 'no.such.thing=1']);
    expect(badProp.exitCode).toBe(2);
    await removeGroups(bootstrap, [group]);
  });

  it('with --group and --max-messages, commits exactly the records it printed', async () => {
    const group = `cc-max-${uid}`;
    const r = await ours(['--topic', T, '--group', group, '--from-beginning', '--max-messages', '2']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(2);
    const committed = await committedOffsets(bootstrap, group);
    expect(committed.every((p) => p.topic === T)).toBe(true);
    expect(committed.reduce((n, p) => n + p.offset, 0)).toBe(2);
    await removeGroups(bootstrap, [group]);
  });

  it('--isolation-level read_committed hides aborted records, and -e still ends after transaction markers', async () => {
    const t = `cc-txn-${uid}`;
    await createTopic(bootstrap, t);
    // Kafka's Java producer, transactional: one committed, one aborted transaction
    await javaProduce(bootstrap, t, ['begin', { value: 'kept' }, 'commit', 'begin', { value: 'aborted' }, 'abort'], {
      props: { 'transactional.id': `cc-tx-${uid}` },
    });
    const rc = await ours(['--topic', t, '--from-beginning', '-e', '--isolation-level', 'read_committed']);
    expect(rc.exitCode, rc.stderr).toBe(0);
    expect(rc.stdout).toBe('kept\n');
    const ru = await ours(['--topic', t, '--from-beginning', '-e']);
    expect(ru.stdout).toBe('kept\naborted\n');
    await removeTopics(bootstrap, [t]);
  });

  it('--tail N prints the newest N records across partitions in time order', async () => {
    const r = await ours(['--topic', T, '--tail', '2', '-f', '%T %k\\n']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('1700000000003 k4\n1700000000004 k5\n');
  });

  it('--format json is binary safe', async () => {
    const r = await ours(['--topic', T, '--partition', '1', '--offset', 'earliest', '-e', '--format', 'json']);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ topic: T, partition: 1, offset: '0', key: 'k3', value: null, headers: [{ key: 'only', value: 'x' }] });
    expect(Buffer.from(lines[1].value, lines[1].valueEncoding)).toEqual(Buffer.from([0xc3, 0x28, 0x41]));
  });

  it('exits on --timeout-ms with nothing to read, and -e exits at once on an empty topic', async () => {
    const r = await ours(['--topic', EMPTY, '--timeout-ms', '1500']);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain('Processed a total of 0 messages');
    const e = await ours(['--topic', EMPTY, '--from-beginning', '-e']);
    expect(e.exitCode).toBe(0);
    expect(e.ms).toBeLessThan(8000);
  });

  it('reports usage mistakes and unknown topics with their exit codes', async () => {
    const noTopic = await ours(['--from-beginning']);
    expect(noTopic.exitCode).toBe(2);
    expect(noTopic.stderr).toContain('Exactly one of --include/--topic is required.');
    const badOffset = await ours(['--topic', T, '--partition', '0', '--offset', 'soon']);
    expect(badOffset.exitCode).toBe(2);
    expect(badOffset.stderr).toContain("The provided offset value 'soon' is incorrect. Valid values are 'earliest', 'latest', or a non-negative long.");
    const both = await ours(['--topic', T, '--offset', '1', '--from-beginning']);
    expect(both.exitCode).toBe(2);
    expect(both.stderr).toContain('Options from-beginning and offset cannot be specified together.');
    const partGroup = await ours(['--topic', T, '--partition', '0', '--group', 'g']);
    expect(partGroup.exitCode).toBe(2);
    const unknown = await ours(['--topic', `nope-${uid}`]);
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stderr).toContain(`topic 'nope-${uid}' does not exist`);
    const unreachable = await runCli(['console-consumer', '--bootstrap-server', '127.0.0.1:1', '--topic', T, '--timeout', '2000']);
    expect(unreachable.exitCode).toBe(1);
    expect(unreachable.ms).toBeLessThan(10_000);
  });
});
