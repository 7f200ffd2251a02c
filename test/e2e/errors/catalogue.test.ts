/**
 * The rows of the bad-input catalogue (docs/errors.md) that need real processes: one test per
 * row, each running the built CLI and checking the exact message, the hint, the exit code and
 * that no stack trace is printed. Client rows use the shared broker (auto-create off); process
 * rows use temp files, the shared broker's own ports and log dir (which are in use), and a temp
 * run dir so nothing is touched. The rows that need no broker run in process, in
 * test/unit/errors/catalogue.test.ts.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BIN, runCli, type RunResult } from '../../helpers/cli.js';
import { freePort, runKafkaTool } from '../../helpers/kafka.js';

const bootstrap = inject('bootstrap');
const zookeeper = inject('zookeeper');
const sharedLogDir = inject('logDir');
const uid = randomBytes(3).toString('hex');
const topic = (name: string) => `err-${name}-${uid}`;
const tmp = mkdtempSync(join(tmpdir(), 'kafka-lab-errors-'));
const env = { KAFKA_LAB_RUN_DIR: join(tmp, 'run'), LOG_DIR: join(tmp, 'logs') };

const cli = (args: string[], opts: { input?: string | Buffer; cwd?: string; timeoutMs?: number } = {}) => runCli(args, { env, timeoutMs: 60_000, ...opts });
const file = (name: string, text: string) => {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
};

/** The row's contract: exact first error line, hint, exit code, and never a stack trace. */
function expectError(r: RunResult, exitCode: number, message: string, hint?: string | RegExp): void {
  const all = `${r.stdout}\n${r.stderr}`;
  expect(all, 'stack trace printed').not.toMatch(/^\s+at /m);
  expect(r.exitCode, all).toBe(exitCode);
  const errorLines = r.stderr.split('\n').filter((l) => l.startsWith('error: '));
  expect(errorLines, r.stderr).toContain(`error: ${message}`);
  if (hint !== undefined) {
    const hintLine = r.stderr.split('\n').find((l) => l.startsWith('hint: ')) ?? '';
    if (typeof hint === 'string') expect(hintLine).toBe(`hint: ${hint}`);
    else expect(hintLine).toMatch(hint);
  }
}

let blackhole: Server;
let blackholePort: number;

beforeAll(async () => {
  mkdirSync(env.KAFKA_LAB_RUN_DIR, { recursive: true });
  for (const [t, extra] of [
    [topic('dec'), ['--partitions', '3']],
    [topic('big'), ['--config', 'max.message.bytes=2000']],
    [topic('key'), []],
    [topic('keyok'), []],
    [topic('bin'), []],
    [topic('empty'), []],
    [topic('active'), []],
  ] as const) {
    const r = await cli(['topics', '--create', '--topic', t, '--bootstrap-server', bootstrap, ...extra]);
    expect(r.exitCode, r.stderr).toBe(0);
  }
  // accepts connections and never answers: "unreachable" must still end within the bound
  blackhole = createServer(() => {});
  await new Promise<void>((r) => blackhole.listen(0, '127.0.0.1', () => r()));
  blackholePort = (blackhole.address() as { port: number }).port;
});

afterAll(async () => {
  blackhole?.close();
  // if a process row ever started a JVM by mistake, stop it
  await cli(['server-stop', '--all']).catch(() => undefined);
  await cli(['zookeeper-stop']).catch(() => undefined);
  await cli(['topics', '--delete', '--topic', `err-.*-${uid}`, '--bootstrap-server', bootstrap]).catch(() => undefined);
  rmSync(tmp, { recursive: true, force: true });
});

describe('usage mistakes the broker answers (exit 2)', () => {
  it('E09 --partitions 0', async () => {
    expectError(
      await cli(['topics', '--create', '--topic', topic('zero'), '--partitions', '0', '--bootstrap-server', bootstrap]),
      2,
      'The partitions must be greater than 0',
      'Example: --partitions 3',
    );
  });
  it('E15 configs: unknown config name (exit 1)', async () => {
    expectError(
      await cli([
        'configs',
        '--bootstrap-server',
        bootstrap,
        '--entity-type',
        'topics',
        '--entity-name',
        topic('dec'),
        '--alter',
        '--add-config',
        'no.such.config=1',
      ]),
      // the broker refuses it: exit 1, as Kafka's kafka-configs (issue 12 #13)
      1,
      'Unknown topic config name: no.such.config',
      'kafka-lab configs --describe --all shows valid names and values.',
    );
  });
});

describe('errors against a running broker (exit 1)', () => {
  it('E20 replication factor larger than live brokers', async () => {
    expectError(
      await cli(['topics', '--create', '--topic', topic('rf'), '--replication-factor', '3', '--bootstrap-server', bootstrap]),
      1,
      'Error while executing topic command : Replication factor: 3 larger than available brokers: 1.',
      'The replication factor cannot exceed the number of live brokers (kafka-lab cluster status).',
    );
  });
  it('E21 decreasing partitions', async () => {
    expectError(
      await cli(['topics', '--alter', '--topic', topic('dec'), '--partitions', '2', '--bootstrap-server', bootstrap]),
      1,
      'Error while executing topic command : Topic currently has 3 partitions, which is higher than the requested 2.',
      'Kafka can only add partitions, never remove them; give a larger --partitions.',
    );
  });
  it('E22 describe an unknown topic', async () => {
    const t = topic('nosuch');
    expectError(
      await cli(['topics', '--describe', '--topic', t, '--bootstrap-server', bootstrap]),
      1,
      `Error while executing topic command : Topic '${t}' does not exist as expected`,
      'kafka-lab topics --list shows the topics; add --if-exists to ignore this.',
    );
  });
  it('E23 produce to an unknown topic (auto-create off)', async () => {
    const t = topic('nosuch');
    expectError(
      await cli(['console-producer', '--topic', t, '--bootstrap-server', bootstrap], { input: 'a\n' }),
      1,
      `topic '${t}' does not exist`,
      `The broker does not create topics on first use (auto.create.topics.enable=false); create it first: kafka-lab topics --create --topic ${t} --bootstrap-server ${bootstrap}`,
    );
  });
  it('E24 consume an unknown topic (auto-create off)', async () => {
    const t = topic('nosuch');
    expectError(
      await cli(['console-consumer', '--topic', t, '--bootstrap-server', bootstrap, '--from-beginning', '--timeout-ms', '3000']),
      1,
      `topic '${t}' does not exist`,
      `kafka-lab topics --list shows the topics; create it with kafka-lab topics --create --topic ${t}`,
    );
  });
  it('E25 broker unreachable (connection refused) answers at once', async () => {
    const port = await freePort();
    const r = await cli(['topics', '--list', '--bootstrap-server', `127.0.0.1:${port}`]);
    expectError(
      r,
      1,
      `cannot connect to Kafka at 127.0.0.1:${port}: connection refused`,
      'Is the broker running? Check --bootstrap-server (kafka-lab cluster status shows a lab), or raise --timeout.',
    );
    expect(r.ms).toBeLessThan(10_000);
  });
  it('E26 broker unreachable (no answer) gives up within --timeout', async () => {
    const r = await cli(['topics', '--list', '--bootstrap-server', `127.0.0.1:${blackholePort}`, '--timeout', '3000']);
    expectError(
      r,
      1,
      `could not reach the cluster at 127.0.0.1:${blackholePort} within 3000 ms`,
      'Is the broker running? Check --bootstrap-server (kafka-lab cluster status shows a lab), or raise --timeout.',
    );
    expect(r.ms).toBeLessThan(3000 + 5000);
  });
  it('E27 producer: broker unreachable gives up within the connect bound', async () => {
    const r = await cli(['console-producer', '--topic', 't', '--bootstrap-server', `127.0.0.1:${blackholePort}`], { input: 'a\n' });
    expectError(r, 1, `could not reach the cluster at 127.0.0.1:${blackholePort} within 10000 ms`, /raise --connect-timeout/);
    expect(r.ms).toBeLessThan(10_000 + 5000);
  });
  it('E28 a record larger than max.message.bytes: that line reported, the others delivered', async () => {
    const t = topic('big');
    const r = await cli(['console-producer', '--topic', t, '--bootstrap-server', bootstrap], { input: `small1\n${'x'.repeat(5000)}\nsmall3\n` });
    expectError(r, 1, '1 of 3 records could not be sent', 'See the lines reported above; the other records were sent.');
    expect(r.stderr).toContain(
      'error: failed to send the record from line 2: The request included a message larger than the max message size the server will accept (MESSAGE_TOO_LARGE)',
    );
    const c = await cli(['console-consumer', '--topic', t, '--bootstrap-server', bootstrap, '--from-beginning', '--timeout-ms', '3000']);
    expect(c.stdout.split('\n').filter(Boolean)).toEqual(['small1', 'small3']);
  });
  it('E29 parse.key=true and a line without the separator stops there (like Kafka)', async () => {
    const r = await cli(
      ['console-producer', '--topic', topic('key'), '--bootstrap-server', bootstrap, '--property', 'parse.key=true', '--property', 'key.separator=:'],
      { input: 'k1:v1\nnosep\nk3:v3\n' },
    );
    expectError(r, 1, "No key separator found on line number 2: 'nosep'", 'Nothing after that was read; 1 record sent.');
  });
  it('E30 parse.key=true with ignore.error=true sends the line with a null key', async () => {
    const t = topic('keyok');
    const r = await cli(
      [
        'console-producer',
        '--topic',
        t,
        '--bootstrap-server',
        bootstrap,
        '--property',
        'parse.key=true',
        '--property',
        'key.separator=:',
        '--property',
        'ignore.error=true',
      ],
      { input: 'k1:v1\nnosep\nk3:v3\n' },
    );
    expect(r.exitCode, r.stderr).toBe(0);
    const c = await cli([
      'console-consumer',
      '--topic',
      t,
      '--bootstrap-server',
      bootstrap,
      '--from-beginning',
      '--timeout-ms',
      '3000',
      '--property',
      'print.key=true',
    ]);
    expect(c.stdout.split('\n').filter(Boolean)).toEqual(['k1\tv1', 'null\tnosep', 'k3\tv3']);
  });
  it('E31 non-UTF-8 input bytes are kept as bytes', async () => {
    const t = topic('bin');
    const bytes = Buffer.from([0x61, 0x62, 0xff, 0xfe, 0x63, 0x64, 0x0a]);
    const r = await cli(['console-producer', '--topic', t, '--bootstrap-server', bootstrap], { input: bytes });
    expect(r.exitCode, r.stderr).toBe(0);
    const c = await cli(['console-consumer', '--topic', t, '--bootstrap-server', bootstrap, '--from-beginning', '--timeout-ms', '3000', '--format', 'json']);
    const rec = JSON.parse(c.stdout.split('\n')[0]!) as { value: string; valueEncoding: string };
    expect(rec.valueEncoding).toBe('base64');
    expect(Buffer.from(rec.value, 'base64')).toEqual(bytes.subarray(0, 6));
  });
  it('E32 empty input sends nothing and succeeds', async () => {
    const t = topic('empty');
    const r = await cli(['console-producer', '--topic', t, '--bootstrap-server', bootstrap], { input: '' });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const o = await cli(['get-offsets', '--bootstrap-server', bootstrap, '--topic', t]);
    expect(o.stdout.trim()).toBe(`${t}:0:0`);
  });
  it('E33 --execute reset on an active group is refused', async () => {
    const t = topic('active');
    const group = `err-group-${uid}`;
    const consumer = spawn(process.execPath, [BIN, 'console-consumer', '--topic', t, '--bootstrap-server', bootstrap, '--group', group], {
      env: { ...process.env, ...env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    try {
      // once the consumer has printed a record it is a stable member of the group
      const seen = new Promise<void>((resolve) => consumer.stdout.on('data', (d: Buffer) => d.toString().includes('hello') && resolve()));
      const deadline = Date.now() + 40_000;
      let got = false;
      void seen.then(() => (got = true));
      while (!got && Date.now() < deadline) {
        await cli(['console-producer', '--topic', t, '--bootstrap-server', bootstrap], { input: 'hello\n' });
        await Promise.race([seen, new Promise((r) => setTimeout(r, 3000))]);
      }
      expect(got).toBe(true);
      const r = await cli([
        'consumer-groups',
        '--bootstrap-server',
        bootstrap,
        '--group',
        group,
        '--reset-offsets',
        '--to-earliest',
        '--topic',
        t,
        '--execute',
      ]);
      const all = `${r.stdout}\n${r.stderr}`;
      expect(all).not.toMatch(/^\s+at /m);
      expect(r.exitCode).toBe(1);
      expect(all).toContain(`Error: Assignments can only be reset if the group '${group}' is inactive, but the current state is Stable.`);
    } finally {
      consumer.kill('SIGINT');
    }
  });
});

describe('process errors (exit 1), nothing started', () => {
  it('E42 broker port in use', async () => {
    const port = Number(bootstrap.split(':')[1]);
    const p = file(
      'port-in-use.properties',
      `broker.id=5\nlisteners=PLAINTEXT://127.0.0.1:${port}\nlog.dirs=${join(tmp, 'other-logs')}\nzookeeper.connect=${zookeeper}\n`,
    );
    expectError(
      await cli(['server-start', '-daemon', p, '--heap', '256m']),
      1,
      `listener PLAINTEXT port ${port} is already in use`,
      `Another program listens on ${port} (see: ss -ltnp | grep :${port}); stop it or choose another port.`,
    );
  });
  it('E43 ZooKeeper port in use', async () => {
    const port = Number(zookeeper.split(':')[1]);
    const p = file('zk-port-in-use.properties', `dataDir=${join(tmp, 'zk2')}\nclientPort=${port}\nclientPortAddress=127.0.0.1\n`);
    expectError(
      await cli(['zookeeper-start', '-daemon', p, '--heap', '256m']),
      1,
      `ZooKeeper clientPort port ${port} is already in use`,
      `Another program listens on ${port} (see: ss -ltnp | grep :${port}); stop it or choose another port.`,
    );
  });
  it('E44 a log.dirs shared with a running broker', async () => {
    const port = await freePort();
    const p = file(
      'shared-logdirs.properties',
      `broker.id=6\nlisteners=PLAINTEXT://127.0.0.1:${port}\nlog.dirs=${sharedLogDir}\nzookeeper.connect=${zookeeper}\n`,
    );
    const r = await cli(['server-start', '-daemon', p, '--heap', '256m']);
    expect(r.stderr).toMatch(
      new RegExp(`^error: log\\.dirs ${sharedLogDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is in use by another running Kafka \\(pid \\d+\\)$`, 'm'),
    );
    expectError(
      r,
      1,
      r.stderr
        .split('\n')
        .find((l) => l.startsWith('error: '))!
        .slice(7),
      'Two brokers cannot share a log directory: give this one its own log.dirs.',
    );
  });
  it('E45 cluster up outside a lab folder', async () => {
    const dir = join(tmp, 'not-a-lab');
    mkdirSync(dir, { recursive: true });
    expectError(
      await cli(['cluster', 'up'], { cwd: dir }),
      1,
      `no lab in ${dir} (cluster.json not found)`,
      'Pass --dir LAB_FOLDER, or create a lab with: kafka-lab cluster-scaffold --brokers 3 --dir lab',
    );
  });
  it('E47 zookeeper-shell: ZooKeeper unreachable', async () => {
    const port = await freePort();
    expectError(
      await cli(['zookeeper-shell', `127.0.0.1:${port}`, 'ls', '/']),
      1,
      `connection refused by 127.0.0.1:${port} (is ZooKeeper running?)`,
      /kafka-lab zookeeper-status tells whether it is up/,
    );
  });
});

describe('issue 12: answers that need a broker or an engine', () => {
  it('E68 storage format of a dynamic-quorum config without --standalone', async () => {
    const template = await cli(['config', 'print', 'kraft/server']);
    const config = file('kraft-dynamic.properties', template.stdout.replace(/^log\.dirs=.*$/m, `log.dirs=${join(tmp, 'kraft-dynamic-logs')}`));
    expectError(
      await cli(['storage', 'format', '-t', 'MkU3OEVBNTcwNTJENDM2Qk', '-c', config]),
      1,
      'Because controller.quorum.voters is not set on this controller, you must specify one of the following: --standalone, --initial-controllers, or --no-initial-controllers.',
      `This config names its quorum with controller.quorum.bootstrap.servers (a dynamic quorum): format its first controller with --standalone: kafka-lab storage format --standalone -t MkU3OEVBNTcwNTJENDM2Qk -c ${config}`,
    );
  });
  it('E69 topics --delete of __consumer_offsets is refused without --force (Kafka deletes it silently)', async () => {
    const t = topic('offsets');
    expect((await cli(['topics', '--create', '--topic', t, '--bootstrap-server', bootstrap])).exitCode).toBe(0);
    expect((await cli(['console-producer', '--topic', t, '--bootstrap-server', bootstrap], { input: 'one\n' })).exitCode).toBe(0);
    // a group's commit makes sure __consumer_offsets exists
    const c = await cli([
      'console-consumer',
      '--topic',
      t,
      '--group',
      `err-g-${uid}`,
      '--from-beginning',
      '--max-messages',
      '1',
      '--bootstrap-server',
      bootstrap,
    ]);
    expect(c.exitCode, c.stderr).toBe(0);
    expectError(
      await cli(['topics', '--delete', '--topic', '__consumer_offsets', '--bootstrap-server', bootstrap]),
      2,
      "__consumer_offsets is internal to Kafka: deleting it loses every consumer group's committed offsets",
      'If you really mean it, add --force (kafka-lab topics --delete --topic __consumer_offsets --force).',
    );
    expectError(
      await cli(['topics', '--delete', '--topic', `__consumer_offsets|${t}`, '--bootstrap-server', bootstrap]),
      2,
      "__consumer_offsets is internal to Kafka: deleting it loses every consumer group's committed offsets",
      'Add --exclude-internal to leave them out, or --force to delete them too.',
    );
    const list = await cli(['topics', '--list', '--bootstrap-server', bootstrap]);
    expect(list.stdout.split('\n')).toContain('__consumer_offsets');
    expect(list.stdout.split('\n')).toContain(t);
  });
  it('E73 a config the broker refuses exits 1 on create, --add-config and --delete-config alike (like Kafka)', async () => {
    const t = topic('cfg');
    expectError(
      await cli(['topics', '--create', '--topic', t, '--config', 'retention.ms=abc', '--bootstrap-server', bootstrap]),
      1,
      'Error while executing topic command : Invalid value abc for configuration retention.ms: Not a number of type LONG',
    );
    expect((await cli(['topics', '--create', '--topic', t, '--bootstrap-server', bootstrap])).exitCode).toBe(0);
    const alter = ['configs', '--bootstrap-server', bootstrap, '--entity-type', 'topics', '--entity-name', t, '--alter'];
    expectError(
      await cli([...alter, '--add-config', 'retention.ms=abc']),
      1,
      `Invalid config value for resource ConfigResource(type=TOPIC, name='${t}'): Invalid value abc for configuration retention.ms: Not a number of type LONG`,
    );
    expectError(await cli([...alter, '--delete-config', 'retention.ms']), 1, 'Invalid config(s): retention.ms');
    // Kafka's own tools answer the same three with exit 1
    for (const args of [
      [...alter.slice(1), '--add-config', 'retention.ms=abc'],
      [...alter.slice(1), '--delete-config', 'retention.ms'],
    ]) {
      expect((await runKafkaTool('kafka.admin.ConfigCommand', args)).exitCode).toBe(1);
    }
  });
  it('E78 legacy flags Kafka 3.9 still takes are accepted: --broker-list, --threads', async () => {
    const t = topic('legacy');
    expect((await cli(['topics', '--create', '--topic', t, '--bootstrap-server', bootstrap])).exitCode).toBe(0);
    expect((await cli(['console-producer', '--broker-list', bootstrap, '--topic', t], { input: 'one\n' })).exitCode).toBe(0);
    const perf = await cli([
      'kafka-consumer-perf-test.sh',
      '--broker-list',
      bootstrap,
      '--topic',
      t,
      '--messages',
      '1',
      '--threads',
      '2',
      '--num-fetch-threads',
      '1',
    ]);
    expect(perf.exitCode, perf.stderr).toBe(0);
    expect(perf.stdout).toMatch(/^start\.time, end\.time, data\.consumed\.in\.MB/);
    expect(perf.stdout.trim().split('\n')[1]!.split(', ')[4]).toBe('1');
    const offsets = await cli(['get-offsets', '--broker-list', bootstrap, '--topic', t]);
    expect(offsets.stdout.trim()).toBe(`${t}:0:1`);
  });
});
