/**
 * kafka-configs for users, clients and ips on the shared broker (ZooKeeper mode, 3.9), side by
 * side with Kafka's own ConfigCommand; a quota that measurably slows a producer; kafka-log-dirs
 * --describe and consumer-groups --delete-offsets side by side with Kafka's tools.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { runKafkaTool } from '../../helpers/kafka.js';

const B = inject('bootstrap');
const uid = randomBytes(3).toString('hex');
const cli = (...a: string[]) => runCli([...a, '--bootstrap-server', B], { timeoutMs: 90_000 });
const kafkaConfigs = (...a: string[]) => runKafkaTool('kafka.admin.ConfigCommand', [...a, '--bootstrap-server', B]);
const user = `alice-${uid}`;
const app = `app-${uid}`;

afterAll(async () => {
  await cli('configs', '--alter', '--entity-type', 'clients', '--entity-name', `slow-${uid}`, '--delete-config', 'producer_byte_rate').catch(() => undefined);
  await cli('topics', '--delete', '--topic', `.*-${uid}`).catch(() => undefined);
});

describe('configs: users, clients, ips', () => {
  it("SCRAM credentials and quotas: kafka-lab sets them, Kafka's ConfigCommand describes the same; the describe text is byte for byte Kafka's", async () => {
    const scram = await cli(
      'configs',
      '--alter',
      '--entity-type',
      'users',
      '--entity-name',
      user,
      '--add-config',
      'SCRAM-SHA-256=[iterations=8192,password=alice-secret],SCRAM-SHA-512=[password=alice-secret]',
    );
    expect(scram, scram.stderr).toMatchObject({ exitCode: 0, stdout: `Completed updating config for user ${user}.\n` });
    expect(scram.stdout + scram.stderr).not.toContain('alice-secret');
    for (const args of [
      ['--entity-type', 'users', '--entity-name', user, '--add-config', 'producer_byte_rate=1024,consumer_byte_rate=10485760'],
      ['--entity-type', 'clients', '--entity-name', app, '--add-config', 'request_percentage=50.5'],
      ['--entity-type', 'users', '--entity-name', user, '--entity-type', 'clients', '--entity-name', app, '--add-config', 'producer_byte_rate=4096'],
      ['--entity-type', 'ips', '--entity-name', '127.0.0.2', '--add-config', 'connection_creation_rate=100'],
    ]) {
      const r = await cli('configs', '--alter', ...args);
      expect(r.exitCode, r.stderr).toBe(0);
    }
    const same = async (...args: string[]) => {
      const [ours, theirs] = await Promise.all([cli('configs', '--describe', ...args), kafkaConfigs('--describe', ...args)]);
      expect(theirs.exitCode, theirs.stderr).toBe(0);
      expect(ours.stdout, args.join(' ')).toBe(theirs.stdout);
      return ours.stdout;
    };
    expect(await same('--entity-type', 'users', '--entity-name', user)).toBe(
      `Quota configs for user-principal '${user}' are consumer_byte_rate=1.048576E7, producer_byte_rate=1024.0\n` +
        `SCRAM credential configs for user-principal '${user}' are SCRAM-SHA-256=iterations=8192, SCRAM-SHA-512=iterations=4096\n`,
    );
    expect(await same('--entity-type', 'users', '--entity-name', user, '--entity-type', 'clients', '--entity-name', app)).toBe(
      `Quota configs for user-principal '${user}', client-id '${app}' are producer_byte_rate=4096.0\n`,
    );
    // several entities: Kafka prints them in its HashMap's order, and so must we
    expect((await cli('configs', '--alter', '--client-defaults', '--add-config', 'consumer_byte_rate=99999999')).exitCode).toBe(0);
    const clients = await same('--entity-type', 'clients');
    expect(clients).toContain('Quota configs for the default client-id are consumer_byte_rate=9.9999999E7\n');
    expect(clients).toContain(`Quota configs for client-id '${app}' are request_percentage=50.5\n`);
    expect(await same('--entity-type', 'ips')).toContain("Quota configs for ip '127.0.0.2' are connection_creation_rate=100.0\n");
    expect((await cli('configs', '--alter', '--client-defaults', '--delete-config', 'consumer_byte_rate')).exitCode).toBe(0);
    expect((await cli('configs', '--alter', '--ip', '127.0.0.2', '--delete-config', 'connection_creation_rate')).exitCode).toBe(0);

    const json = JSON.parse((await cli('configs', '--describe', '--entity-type', 'users', '--entity-name', user, '-o', 'json')).stdout);
    expect(json.scramCredentials).toEqual([
      {
        user,
        credentials: [
          { mechanism: 'SCRAM-SHA-256', iterations: 8192 },
          { mechanism: 'SCRAM-SHA-512', iterations: 4096 },
        ],
      },
    ]);
    expect(JSON.stringify(json)).not.toContain('alice-secret');

    const del = await cli('configs', '--alter', '--entity-type', 'users', '--entity-name', user, '--delete-config', 'SCRAM-SHA-512');
    expect(del.exitCode, del.stderr).toBe(0);
    expect((await cli('configs', '--describe', '--user', user)).stdout.split('\n')[1]).toBe(
      `SCRAM credential configs for user-principal '${user}' are SCRAM-SHA-256=iterations=8192`,
    );
  });

  it('a producer_byte_rate quota on a client id measurably slows that producer (bounded)', async () => {
    const topic = `quota-${uid}`;
    expect((await cli('topics', '--create', '--topic', topic, '--partitions', '1')).exitCode).toBe(0);
    const perf = (clientId: string) =>
      cli(
        'producer-perf-test',
        '--topic',
        topic,
        '--num-records',
        '600',
        '--record-size',
        '1000',
        '--throughput',
        '-1',
        '--producer-props',
        `client.id=${clientId}`,
      );
    const fast = await perf(`fast-${uid}`);
    expect(fast.exitCode, fast.stderr).toBe(0);
    const set = await cli('configs', '--alter', '--entity-type', 'clients', '--entity-name', `slow-${uid}`, '--add-config', 'producer_byte_rate=40960');
    expect(set.exitCode, set.stderr).toBe(0);
    const slow = await perf(`slow-${uid}`);
    expect(slow.exitCode, slow.stderr).toBe(0);
    // 600 KB at 40 KB/s over Kafka's 10 s quota window: about 5 s of throttling
    console.log(`[quota] 600 records of 1000 B: without quota ${fast.ms} ms, with producer_byte_rate=40960 ${slow.ms} ms`);
    expect(slow.stdout).toMatch(/^600 records sent/m);
    expect(slow.ms - fast.ms).toBeGreaterThan(2500);
  }, 120_000);
});

describe('kafka-log-dirs --describe and --delete-offsets, side by side', () => {
  it("log-dirs --describe prints Kafka's two lines and JSON, byte for byte", async () => {
    const topic = `logdirs-${uid}`;
    expect((await cli('topics', '--create', '--topic', topic, '--partitions', '12')).exitCode).toBe(0);
    expect((await runCli(['console-producer', '--topic', topic, '--bootstrap-server', B], { input: 'a\nb\nc\n' })).exitCode).toBe(0);
    const [ours, theirs] = await Promise.all([
      cli('log-dirs', '--describe', '--topic-list', topic),
      runKafkaTool('org.apache.kafka.tools.LogDirsCommand', ['--bootstrap-server', B, '--describe', '--topic-list', topic]),
    ]);
    expect(ours.exitCode, ours.stderr).toBe(0);
    expect(ours.stdout).toBe(theirs.stdout);
    expect(ours.stdout).toMatch(new RegExp(`"partition":"${topic}-11"`));
    // the script's own name maps to Kafka's form
    const viaScript = await runCli(['kafka-log-dirs.sh', '--describe', '--bootstrap-server', B, '--topic-list', topic, '-o', 'json']);
    expect(JSON.parse(viaScript.stdout).brokers[0].logDirs[0].partitions).toHaveLength(12);
  });

  it('--delete-offsets deletes committed offsets with the text Kafka prints', async () => {
    const topic = `deloff-${uid}`;
    expect((await cli('topics', '--create', '--topic', topic, '--partitions', '12')).exitCode).toBe(0);
    expect((await runCli(['console-producer', '--topic', topic, '--bootstrap-server', B], { input: 'a\nb\nc\n' })).exitCode).toBe(0);
    for (const g of ['ours', 'theirs']) {
      const r = await cli('console-consumer', '--topic', topic, '--group', `${g}-${uid}`, '--from-beginning', '--max-messages', '3');
      expect(r.exitCode, r.stderr).toBe(0);
    }
    const ours = await cli('consumer-groups', '--delete-offsets', '--group', `ours-${uid}`, '--topic', topic, '--topic', `nosuch-${uid}`);
    const theirs = await runKafkaTool('org.apache.kafka.tools.consumer.group.ConsumerGroupCommand', [
      '--bootstrap-server',
      B,
      '--delete-offsets',
      '--group',
      `theirs-${uid}`,
      '--topic',
      topic,
      '--topic',
      `nosuch-${uid}`,
    ]);
    expect(ours.stdout).toBe(theirs.stdout.replaceAll(`theirs-${uid}`, `ours-${uid}`));
    expect(ours.stdout).toMatch(/^Request succeed for deleting offsets with topic deloff-\w+, nosuch-\w+ group ours-\w+\n/);
    expect(ours.stdout).toContain('Not Provided    Error: :org.apache.kafka.common.errors.UnknownTopicOrPartitionException');
    // the unknown topic counts as a failure for the exit code (Kafka exits 0)
    expect(ours.exitCode).toBe(1);
    const described = await cli('consumer-groups', '--describe', '--group', `ours-${uid}`);
    expect(described.stdout).not.toContain(topic);
  });
});
