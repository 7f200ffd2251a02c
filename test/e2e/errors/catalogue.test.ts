/**
 * The bad-input catalogue (docs/errors.md): one test per row, each running the built CLI and
 * checking the exact message, the hint, the exit code and that no stack trace is printed.
 * Client rows use the shared broker (auto-create off); process rows use temp files, the shared
 * broker's own ports and log dir (which are in use), and a temp run dir so nothing is touched.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BIN, runCli, type RunResult } from '../../helpers/cli.js';
import { freePort } from '../../helpers/kafka.js';

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

describe('usage mistakes (exit 2)', () => {
  it('E01 unknown command suggests the nearest', async () => {
    expectError(await cli(['topcs', '--list']), 2, "unknown command 'topcs'", "did you mean 'kafka-lab topics'? (kafka-lab --help lists every command)");
  });
  it('E02 missing required flag --topic (console-producer)', async () => {
    expectError(
      await cli(['console-producer', '--bootstrap-server', bootstrap]),
      2,
      "missing required option --topic for 'console-producer'",
      'Example: kafka-lab console-producer --topic quickstart-events',
    );
  });
  it('E03 missing --topic (console-consumer)', async () => {
    expectError(
      await cli(['console-consumer', '--bootstrap-server', bootstrap]),
      2,
      'Exactly one of --include/--topic is required. ',
      'Example: --topic quickstart-events',
    );
  });
  it('E04 topics --create without a topic name', async () => {
    expectError(
      await cli(['topics', '--create', '--bootstrap-server', bootstrap]),
      2,
      'Missing required argument "[topic]"',
      'Example: kafka-lab topics create my-topic',
    );
  });
  it('E05 server-start without a config file', async () => {
    expectError(
      await cli(['server-start']),
      2,
      'missing the config file',
      'USAGE: kafka-lab server-start [-daemon] server.properties [--override property=value]*',
    );
  });
  it('E06 invalid topic name (characters)', async () => {
    expectError(
      await cli(['topics', '--create', '--topic', 'bad topic!', '--bootstrap-server', bootstrap]),
      2,
      "Error while executing topic command : Topic name is invalid: 'bad topic!' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'",
      "Topic names use ASCII letters, digits, '.', '_' and '-', at most 249 characters.",
    );
  });
  it('E07 invalid topic name (longer than 249)', async () => {
    const name = 'a'.repeat(250);
    expectError(
      await cli(['topics', '--create', '--topic', name, '--bootstrap-server', bootstrap]),
      2,
      `Error while executing topic command : Topic name is invalid: the length of '${name}' is longer than the max allowed length 249`,
      "Topic names use ASCII letters, digits, '.', '_' and '-', at most 249 characters.",
    );
  });
  it("E08 invalid topic name '..'", async () => {
    expectError(
      await cli(['topics', '--create', '--topic', '..', '--bootstrap-server', bootstrap]),
      2,
      "Error while executing topic command : Topic name is invalid: '..' is not allowed",
    );
  });
  it('E09 --partitions 0', async () => {
    expectError(
      await cli(['topics', '--create', '--topic', topic('zero'), '--partitions', '0', '--bootstrap-server', bootstrap]),
      2,
      'The partitions must be greater than 0',
      'Example: --partitions 3',
    );
  });
  it('E10 invalid offset spec', async () => {
    expectError(
      await cli(['console-consumer', '--topic', topic('dec'), '--bootstrap-server', bootstrap, '--offset', 'foo', '--partition', '0']),
      2,
      "The provided offset value 'foo' is incorrect. Valid values are 'earliest', 'latest', or a non-negative long.",
      'kafka-lab also accepts start|end|N|+N|-N|@<epoch-ms>|@-1h, per partition as 0:5,1:end.',
    );
  });
  it('E11 invalid format string', async () => {
    expectError(
      await cli(['console-consumer', '--topic', topic('dec'), '--bootstrap-server', bootstrap, '--format', '%Z', '--timeout-ms', '2000']),
      2,
      '--format: unknown format token %Z (known: %t %p %o %T %k %K %s %v %S %R %h %H %%)',
      "Example: -f '%k: %s\\n' or --format json",
    );
  });
  it('E12 invalid acks', async () => {
    expectError(
      await cli(['console-producer', '--topic', topic('dec'), '--bootstrap-server', bootstrap, '--producer-property', 'acks=maybe']),
      2,
      "invalid acks 'maybe'",
      'Use all, -1, 0 or 1.',
    );
  });
  it('E13 get-offsets: malformed --time', async () => {
    expectError(
      await cli(['get-offsets', '--bootstrap-server', bootstrap, '--topic', topic('dec'), '--time', 'yesterday']),
      2,
      'Malformed time argument yesterday. Please use -1 or latest / -2 or earliest / -3 or max-timestamp, or a specified long format timestamp',
      'Example: --time -2 (earliest), --time -1 (latest), --time 1700000000000',
    );
  });
  it('E14 configs: --add-config without =', async () => {
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
        'retention.ms',
      ]),
      2,
      'Invalid entity config: all configs to be added must be in the format "key=val". Got \'retention.ms\'',
      'Example: --add-config retention.ms=86400000,cleanup.policy=[compact,delete]',
    );
  });
  it('E15 configs: unknown config name', async () => {
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
      2,
      'Unknown topic config name: no.such.config',
      'kafka-lab configs --describe --all shows valid names and values.',
    );
  });
  it('E16 unsupported property in --command-config', async () => {
    const p = file('unsupported.properties', 'a=1\n');
    expectError(
      await cli(['topics', '--list', '--bootstrap-server', bootstrap, '--command-config', p]),
      2,
      `unsupported client property 'a' in --command-config file ${p}`,
      /^hint: Supported: security\.protocol, sasl\.mechanism/,
    );
  });
  it('E17 cluster-scaffold --brokers 0', async () => {
    expectError(
      await cli(['cluster-scaffold', '--brokers', '0', '--dir', join(tmp, 'never')]),
      2,
      '--brokers must be a whole number from 1 to 9 (got 0)',
      'kafka-lab cluster-scaffold --help shows the options.',
    );
  });
  it('E18 cluster: unknown action', async () => {
    expectError(
      await cli(['cluster', 'frobnicate']),
      2,
      "unknown action 'frobnicate' for 'cluster'",
      'Actions: up, down, status, info, stop-broker, start-broker',
    );
  });
  it('E19 cluster stop-broker without an id', async () => {
    expectError(await cli(['cluster', 'stop-broker']), 2, 'cluster stop-broker needs a broker id', 'Example: kafka-lab cluster stop-broker 2');
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
  it('E34 missing --command-config file', async () => {
    const p = join(tmp, 'missing.properties');
    expectError(
      await cli(['topics', '--list', '--bootstrap-server', bootstrap, '--command-config', p]),
      1,
      `Error while executing topic command : --command-config file not found: ${p}`,
      'Check the path; relative paths are resolved from the current directory.',
    );
  });
  it('E35 unreadable --command-config (a directory)', async () => {
    expectError(
      await cli(['topics', '--list', '--bootstrap-server', bootstrap, '--command-config', tmp]),
      1,
      `Error while executing topic command : --command-config file is a directory, not a file: ${tmp}`,
      'Pass the path of a .properties file.',
    );
  });
  it('E36 malformed --command-config (file:line)', async () => {
    const p = file('malformed-client.properties', 'client.id=\\u12zz\n');
    expectError(
      await cli(['topics', '--list', '--bootstrap-server', bootstrap, '--command-config', p]),
      1,
      `Error while executing topic command : ${p}:1: malformed \\uxxxx escape`,
      'Java properties lines look like key=value; fix or comment out that line (# at its start).',
    );
  });
  it('E37 missing --producer.config file', async () => {
    const p = join(tmp, 'missing-producer.properties');
    expectError(
      await cli(['console-producer', '--topic', topic('dec'), '--bootstrap-server', bootstrap, '--producer.config', p], { input: '' }),
      1,
      `--producer.config file not found: ${p}`,
      'Check the path; relative paths are resolved from the current directory.',
    );
  });
  it('E38 dump-log of a missing file', async () => {
    const p = join(tmp, '00000000000000000000.log');
    expectError(await cli(['dump-log', '--files', p]), 1, `no such file: ${p}`, 'kafka-lab log-dirs shows the partition folders and their segment files.');
  });
  it('E39 delete-records with a missing JSON file', async () => {
    const p = join(tmp, 'missing.json');
    expectError(await cli(['delete-records', '--bootstrap-server', bootstrap, '--offset-json-file', p]), 1, `cannot read ${p}: ENOENT`, 'Check the path.');
  });
});

describe('process errors (exit 1), nothing started', () => {
  it('E40 malformed server properties file (file:line)', async () => {
    const p = file('malformed-server.properties', `broker.id=7\nlog.dirs=${join(tmp, 'never-logs')}\nfoo=\\u12zz\n`);
    expectError(
      await cli(['server-start', '-daemon', p]),
      1,
      `${p}:3: malformed \\uxxxx escape`,
      'Java properties lines look like key=value; fix or comment out that line (# at its start).',
    );
  });
  it('E41 server config file not found', async () => {
    const p = join(tmp, 'nowhere', 'server.properties');
    expectError(
      await cli(['server-start', '-daemon', p]),
      1,
      `config file not found: ${p}`,
      'Check the path; relative paths are resolved from the current directory.',
    );
  });
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
  it('E46 server-stop when kafka-lab started no broker', async () => {
    expectError(
      await cli(['server-stop', '--node-id', '99']),
      1,
      'No kafka server to stop',
      'kafka-lab only stops brokers it started (their pid files are in the run folder).',
    );
  });
  it('E48 unknown flag suggests the nearest', async () => {
    expectError(await cli(['topics', '--lsit']), 2, "unknown option --lsit for 'topics'", 'did you mean --list? (kafka-lab topics --help)');
  });
  it('E49 a value outside the choices, on one line', async () => {
    expectError(
      await cli(['config', 'nosuchtemplate']),
      2,
      'Invalid values: Argument: action, Given: "nosuchtemplate", Choices: "print", "list"',
      'kafka-lab config --help shows the options and an example.',
    );
  });
  it('E50 a number option given a non-number is refused before connecting', async () => {
    expectError(
      await cli(['topics', '--create', '--topic', 'x', '--partitions', 'abc', '--bootstrap-server', '127.0.0.1:1']),
      2,
      "--partitions expects a number, got 'abc'",
      'Example: --partitions 3',
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
