/**
 * console-producer and auto.create.topics.enable (issue 12 #3): on a broker that allows it, a
 * missing topic is created and the line delivered, as Kafka's ConsoleProducer does on the same
 * broker; where it is off (the shared broker), the clear error stays (row E23 / E72).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { expectError } from '../../helpers/expect-error.js';
import { freePort, runKafkaTool } from '../../helpers/kafka.js';

const sharedBootstrap = inject('bootstrap');
const zookeeper = inject('zookeeper');
const uid = randomBytes(3).toString('hex');
const tmp = mkdtempSync(join(tmpdir(), 'kafka-lab-auto-create-'));
const env = { KAFKA_LAB_RUN_DIR: join(tmp, 'run'), LOG_DIR: join(tmp, 'logs') };
const cli = (args: string[], input?: string) => runCli(args, { env, input, timeoutMs: 120_000 });
let autoBootstrap = '';

beforeAll(async () => {
  const port = await freePort();
  const config = join(tmp, 'auto-create.properties');
  // a cluster of its own in a chroot of the shared ZooKeeper, with Kafka's default auto.create.topics.enable=true
  writeFileSync(
    config,
    [
      'broker.id=0',
      `listeners=PLAINTEXT://127.0.0.1:${port}`,
      `log.dirs=${join(tmp, 'logs-broker')}`,
      `zookeeper.connect=${zookeeper}/auto-create-${uid}`,
      'auto.create.topics.enable=true',
      'offsets.topic.replication.factor=1',
      'offsets.topic.num.partitions=1',
      'group.initial.rebalance.delay.ms=0',
      '',
    ].join('\n'),
  );
  const r = await cli(['server-start', '-daemon', config, '--heap', '384m']);
  expect(r.exitCode, r.stderr).toBe(0);
  autoBootstrap = `127.0.0.1:${port}`;
});

afterAll(async () => {
  await cli(['server-stop', '--all']);
  rmSync(tmp, { recursive: true, force: true });
});

describe('console-producer and a topic that does not exist yet', () => {
  it('E72 auto.create.topics.enable=true: the topic is created and the line delivered, as by Kafka', async () => {
    const ours = `auto-ours-${uid}`;
    const r = await cli(['console-producer', '--topic', ours, '--bootstrap-server', autoBootstrap], 'hi\n');
    expect(r.exitCode, r.stderr).toBe(0);
    const c = await cli(['console-consumer', '--topic', ours, '--from-beginning', '--max-messages', '1', '--bootstrap-server', autoBootstrap]);
    expect(c.stdout).toBe('hi\n');

    // Kafka's ConsoleProducer on the same broker does the same
    const theirs = `auto-kafka-${uid}`;
    const k = await runKafkaTool('kafka.tools.ConsoleProducer', ['--bootstrap-server', autoBootstrap, '--topic', theirs], { input: 'hi\n' });
    expect(k.exitCode, k.stderr).toBe(0);
    const offsets = await cli(['get-offsets', '--topic', `auto-.*-${uid}`, '--bootstrap-server', autoBootstrap]);
    expect(offsets.stdout.trim().split('\n').sort()).toEqual([`${theirs}:0:1`, `${ours}:0:1`]);
  });

  it('auto.create.topics.enable=false: the clear error, nothing created', async () => {
    const t = `auto-off-${uid}`;
    expectError(
      await cli(['console-producer', '--topic', t, '--bootstrap-server', sharedBootstrap], 'hi\n'),
      1,
      `topic '${t}' does not exist`,
      // the hint says why it was not created and how to create it
      new RegExp(`auto\\.create\\.topics\\.enable=false.*kafka-lab topics --create --topic ${t}`),
    );
    const list = await cli(['topics', '--list', '--bootstrap-server', sharedBootstrap]);
    expect(list.stdout.split('\n')).not.toContain(t);
  });
});
