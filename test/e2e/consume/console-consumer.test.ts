import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import { runCli } from '../../helpers/cli.js';
import { runKafkaTool } from '../../helpers/kafka.js';

const bootstrap = inject('bootstrap');
const uid = randomBytes(3).toString('hex');
const T = `cc-main-${uid}`;
const EMPTY = `cc-empty-${uid}`;
let admin: Admin;
let producer: Producer;

const ALL_PRINT = ['print.timestamp', 'print.key', 'print.value', 'print.partition', 'print.offset', 'print.headers'];

beforeAll(async () => {
  const kafka = new Kafka({ brokers: [bootstrap], logLevel: logLevel.NOTHING });
  admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: T, numPartitions: 2 }, { topic: EMPTY, numPartitions: 1 }], waitForLeaders: true });
  producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  // keys, null keys, null values, headers, bytes that are not UTF-8, fixed timestamps
  await producer.send({
    topic: T,
    messages: [
      { partition: 0, key: 'k1', value: 'v1', timestamp: '1700000000000', headers: { h1: 'a', h2: 'b' } },
      { partition: 0, key: null, value: 'no key', timestamp: '1700000000001' },
      { partition: 1, key: 'k3', value: null, timestamp: '1700000000002', headers: { only: 'x' } },
      { partition: 1, key: 'k4', value: Buffer.from([0xc3, 0x28, 0x41]), timestamp: '1700000000003' },
      { partition: 0, key: 'k5', value: 'tab\tinside', timestamp: '1700000000004' },
    ],
  });
});

afterAll(async () => {
  await producer?.disconnect();
  await admin?.deleteTopics({ topics: [T, EMPTY] }).catch(() => {});
  await admin?.disconnect();
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
      runKafkaTool('org.apache.kafka.tools.consumer.ConsoleConsumer', ['--bootstrap-server', bootstrap, '--topic', T, '--from-beginning', '--max-messages', '5', ...propArgs]),
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
      runKafkaTool('org.apache.kafka.tools.consumer.ConsoleConsumer', ['--bootstrap-server', bootstrap, '--topic', T, '--partition', '1', '--offset', 'earliest', '--max-messages', '2', '--property', 'print.key=true', '--property', 'print.headers=true']),
      ours(['--topic', T, '--partition', '1', '--offset', 'earliest', '--max-messages', '2', '--property', 'print.key=true', '--formatter-property', 'print.headers=true']),
    ]);
    expect(j0.stdout).toBe('only:x\tk3\tnull\nNO_HEADERS\tk4\t\ufffd(A\n');
    expect(Buffer.from(o0.stdout)).toEqual(Buffer.from(j0.stdout));
  });
});

describe('console-consumer', () => {
  it('reads from the beginning until the end (-e) and leaves no group behind', async () => {
    const before = (await admin.listGroups()).groups.map((g) => g.groupId);
    const r = await ours(['--topic', T, '--from-beginning', '-e', '--property', 'print.offset=true', '--property', 'print.partition=true']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(5);
    const after = (await admin.listGroups()).groups.map((g) => g.groupId);
    expect(after.filter((g) => !before.includes(g) && g.startsWith('kafka-lab-console-consumer'))).toEqual([]);
  });

  it('understands the offset grammar, per partition', async () => {
    const r = await ours(['--topic', T, '-o', '0:+1,1:-1', '-e', '-f', '%p:%o %k\\n']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.split('\n').filter(Boolean).sort()).toEqual(['0:1 ', '0:2 k5', '1:1 k4']);
    const t = await ours(['--topic', T, '--offset=@1700000000003', '-e', '-f', '%o\\n']);
    expect(t.stdout.split('\n').filter(Boolean).sort()).toEqual(['1', '2']);
  });

  it('--tail N prints the newest N records across partitions in time order', async () => {
    const r = await ours(['--topic', T, '--tail', '2', '-f', '%T %k\\n']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('1700000000003 k4\n1700000000004 k5\n');
  });

  it('--format json is binary safe', async () => {
    const r = await ours(['--topic', T, '--partition', '1', '--offset', 'earliest', '-e', '--format', 'json']);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
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
