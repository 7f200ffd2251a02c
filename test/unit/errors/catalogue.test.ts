/**
 * The rows of the bad-input catalogue (docs/errors.md) that need no broker, run in process
 * through main(argv, io): the exact message, the hint, the exit code, and never a stack trace.
 * Where a row's command names a broker, it names a closed port: the answer must come before
 * any connection is tried. The rows that need real processes are in test/e2e/errors/.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain, type InProcessResult } from '../../helpers/io.js';

const tmp = mkdtempSync(join(tmpdir(), 'kafka-lab-errors-unit-'));
/** nothing listens here (port 1 needs root to bind): a row that tried to connect would fail */
const B = '127.0.0.1:1';
/** an engine folder with the jar names kafka-lab reads its version from; no JVM is ever started */
const fakeKafkaHome = join(tmp, 'kafka');
mkdirSync(join(fakeKafkaHome, 'libs'), { recursive: true });
for (const jar of ['kafka-clients-3.9.2.jar', 'kafka_2.13-3.9.2.jar']) writeFileSync(join(fakeKafkaHome, 'libs', jar), '');
const env = { KAFKA_LAB_HOME: join(tmp, 'home'), KAFKA_LAB_RUN_DIR: join(tmp, 'run'), LOG_DIR: join(tmp, 'logs'), KAFKA_HOME: fakeKafkaHome };

const cli = (args: string[], input?: string) => runMain(args, { env, input });
const file = (name: string, text: string) => {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
};

function expectError(r: InProcessResult, exitCode: number, message: string, hint?: string | RegExp): void {
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

describe('usage mistakes (exit 2)', () => {
  it('E01 unknown command suggests the nearest', async () => {
    expectError(await cli(['topcs', '--list']), 2, "unknown command 'topcs'", "did you mean 'kafka-lab topics'? (kafka-lab --help lists every command)");
  });
  it('E02 missing required flag --topic (console-producer)', async () => {
    expectError(
      await cli(['console-producer', '--bootstrap-server', B]),
      2,
      "missing required option --topic for 'console-producer'",
      'Example: kafka-lab console-producer --topic quickstart-events',
    );
  });
  it('E03 missing --topic (console-consumer)', async () => {
    expectError(
      await cli(['console-consumer', '--bootstrap-server', B]),
      2,
      'Exactly one of --include/--topic is required. ',
      'Example: --topic quickstart-events',
    );
  });
  it('E04 topics --create without a topic name', async () => {
    expectError(
      await cli(['topics', '--create', '--bootstrap-server', B]),
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
      await cli(['topics', '--create', '--topic', 'bad topic!', '--bootstrap-server', B]),
      2,
      "Error while executing topic command : Topic name is invalid: 'bad topic!' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'",
      "Topic names use ASCII letters, digits, '.', '_' and '-', at most 249 characters.",
    );
  });
  it('E07 invalid topic name (longer than 249)', async () => {
    const name = 'a'.repeat(250);
    expectError(
      await cli(['topics', '--create', '--topic', name, '--bootstrap-server', B]),
      2,
      `Error while executing topic command : Topic name is invalid: the length of '${name}' is longer than the max allowed length 249`,
      "Topic names use ASCII letters, digits, '.', '_' and '-', at most 249 characters.",
    );
  });
  it("E08 invalid topic name '..'", async () => {
    expectError(
      await cli(['topics', '--create', '--topic', '..', '--bootstrap-server', B]),
      2,
      "Error while executing topic command : Topic name is invalid: '..' is not allowed",
    );
  });
  it('E10 invalid offset spec', async () => {
    expectError(
      await cli(['console-consumer', '--topic', 't', '--bootstrap-server', B, '--offset', 'foo', '--partition', '0']),
      2,
      "The provided offset value 'foo' is incorrect. Valid values are 'earliest', 'latest', or a non-negative long.",
      'kafka-lab also accepts start|end|N|+N|-N|@<epoch-ms>|@-1h, per partition as 0:5,1:end.',
    );
  });
  it('E11 invalid format string', async () => {
    expectError(
      await cli(['console-consumer', '--topic', 't', '--bootstrap-server', B, '--format', '%Z', '--timeout-ms', '2000']),
      2,
      '--format: unknown format token %Z (known: %t %p %o %T %k %K %s %v %S %R %h %H %%)',
      "Example: -f '%k: %s\\n' or --format json",
    );
  });
  it('E12 invalid acks', async () => {
    expectError(
      await cli(['console-producer', '--topic', 't', '--bootstrap-server', B, '--producer-property', 'acks=maybe']),
      2,
      "invalid acks 'maybe'",
      'Use all, -1, 0 or 1.',
    );
  });
  it('E13 get-offsets: malformed --time', async () => {
    expectError(
      await cli(['get-offsets', '--bootstrap-server', B, '--topic', 't', '--time', 'yesterday']),
      2,
      'Malformed time argument yesterday. Please use -1 or latest / -2 or earliest / -3 or max-timestamp, or a specified long format timestamp',
      'Example: --time -2 (earliest), --time -1 (latest), --time 1700000000000',
    );
  });
  it('E14 configs: --add-config without =', async () => {
    expectError(
      await cli(['configs', '--bootstrap-server', B, '--entity-type', 'topics', '--entity-name', 't', '--alter', '--add-config', 'retention.ms']),
      2,
      'Invalid entity config: all configs to be added must be in the format "key=val". Got \'retention.ms\'',
      'Example: --add-config retention.ms=86400000,cleanup.policy=[compact,delete]',
    );
  });
  it('E16 unsupported property in --command-config', async () => {
    const p = file('unsupported.properties', 'a=1\n');
    expectError(
      await cli(['topics', '--list', '--bootstrap-server', B, '--command-config', p]),
      1,
      `Error while executing topic command : unsupported client property 'a' in --command-config file ${p}`,
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
      'Actions: up, down, status, info, stop-broker, start-broker, add-broker, rebalance',
    );
  });
  it('E19 cluster stop-broker without an id', async () => {
    expectError(await cli(['cluster', 'stop-broker']), 2, 'cluster stop-broker needs a broker id', 'Example: kafka-lab cluster stop-broker 2');
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
      await cli(['topics', '--create', '--topic', 'x', '--partitions', 'abc', '--bootstrap-server', B]),
      2,
      "--partitions expects a number, got 'abc'",
      'Example: --partitions 3',
    );
  });
});

describe('files that are missing or malformed (exit 1), nothing started', () => {
  it('E34 missing --command-config file', async () => {
    const p = join(tmp, 'missing.properties');
    expectError(
      await cli(['topics', '--list', '--bootstrap-server', B, '--command-config', p]),
      1,
      `Error while executing topic command : --command-config file not found: ${p}`,
      'Check the path; relative paths are resolved from the current directory.',
    );
  });
  it('E35 unreadable --command-config (a directory)', async () => {
    expectError(
      await cli(['topics', '--list', '--bootstrap-server', B, '--command-config', tmp]),
      1,
      `Error while executing topic command : --command-config file is a directory, not a file: ${tmp}`,
      'Pass the path of a .properties file.',
    );
  });
  it('E36 malformed --command-config (file:line)', async () => {
    const p = file('malformed-client.properties', 'client.id=\\u12zz\n');
    expectError(
      await cli(['topics', '--list', '--bootstrap-server', B, '--command-config', p]),
      1,
      `Error while executing topic command : ${p}:1: malformed \\uxxxx escape`,
      'Java properties lines look like key=value; fix or comment out that line (# at its start).',
    );
  });
  it('E37 missing --producer.config file', async () => {
    const p = join(tmp, 'missing-producer.properties');
    expectError(
      await cli(['console-producer', '--topic', 't', '--bootstrap-server', B, '--producer.config', p], ''),
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
    expectError(
      await cli(['delete-records', '--bootstrap-server', B, '--offset-json-file', p]),
      1,
      `cannot read ${p}: ENOENT`,
      'Check the path; relative paths are resolved from the current directory.',
    );
  });
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
  it('E46 server-stop when kafka-lab started no broker', async () => {
    expectError(
      await cli(['server-stop', '--node-id', '99']),
      1,
      'No kafka server to stop',
      'kafka-lab only stops brokers it started (their pid files are in the run folder).',
    );
  });
});

describe('issue 12: what a new user hit, answered before anything starts', () => {
  it('E51 a number option with no value is a usage error, nothing created', async () => {
    const r = await cli(['topics', '--create', '--topic', 'x1', '--partitions', '--bootstrap-server', B]);
    expectError(r, 2, '--partitions needs a value', 'Example: --partitions 3');
    expect(r.ms).toBeLessThan(5000);
    expectError(await cli(['topics', '--create', '--topic', 'x1', '--replication-factor', '--bootstrap-server', B]), 2, '--replication-factor needs a value');
  });
  it('E52 a fraction where a whole number is needed', async () => {
    expectError(
      await cli(['topics', '--create', '--topic', 'x1', '--partitions', '2.5', '--bootstrap-server', B]),
      2,
      "--partitions expects a whole number, got '2.5'",
      'Example: --partitions 3',
    );
  });
  it('E53 --max-messages at the end of the line with no value', async () => {
    expectError(
      await cli(['console-consumer', '--topic', 't', '--bootstrap-server', B, '--max-messages']),
      2,
      '--max-messages needs a value',
      'Example: --max-messages 3',
    );
  });
  it('E54 a Kafka script kafka-lab does not mirror: the kafka-run-class line, no look-alike', async () => {
    expectError(
      await cli(['kafka-cluster.sh', 'cluster-id', '--bootstrap-server', 'localhost:9092']),
      2,
      'kafka-cluster.sh is not mirrored by kafka-lab',
      "Kafka's own tool runs from the installed engine: kafka-lab kafka-run-class org.apache.kafka.tools.ClusterTool cluster-id --bootstrap-server localhost:9092",
    );
    expectError(
      await cli(['bin/kafka-replica-verification.sh', '--topics-include', 't', '--broker-list', 'localhost:9092']),
      2,
      'kafka-replica-verification.sh is not mirrored by kafka-lab',
      "Kafka's own tool runs from the installed engine: kafka-lab kafka-run-class org.apache.kafka.tools.ReplicaVerificationTool --topics-include t --broker-list localhost:9092",
    );
  });
  it('E55 a Kafka 4 script with only a 3.9 engine installed', async () => {
    expectError(
      await cli(['kafka-groups.sh', '--list', '--bootstrap-server', 'localhost:9092']),
      2,
      'kafka-groups.sh is not mirrored by kafka-lab',
      'It is in Kafka 4.0 or later: kafka-lab engine install --version 4.1.2, then kafka-lab kafka-run-class --engine 4.1.2 org.apache.kafka.tools.GroupsCommand --list --bootstrap-server localhost:9092',
    );
  });
  it('E56 a Kafka script whose jar is not in the engine', async () => {
    expectError(
      await cli(['kafka-metadata-shell.sh', '--snapshot', '/tmp/x.checkpoint']),
      2,
      "kafka-metadata-shell.sh is not mirrored by kafka-lab, and its class org.apache.kafka.shell.MetadataShell is not in kafka-lab's engine",
      'Get org.apache.kafka:kafka-shell:3.9.2 from Maven Central, then: CLASSPATH=/path/to/kafka-shell-3.9.2.jar kafka-lab kafka-run-class org.apache.kafka.shell.MetadataShell --snapshot /tmp/x.checkpoint',
    );
  });
  it('E57 kafka-run-class without a class', async () => {
    expectError(
      await cli(['kafka-run-class']),
      2,
      'missing the class name',
      'USAGE: kafka-lab kafka-run-class [--engine VERSION] [-name NAME] [-loggc] classname [opts]',
    );
  });
  it('E58 kafka-run-class -daemon', async () => {
    expectError(
      await cli(['kafka-run-class.sh', '-daemon', 'kafka.Kafka', 'server.properties']),
      2,
      'kafka-run-class -daemon is not supported: kafka-lab tracks every server it starts by pid file',
      'Start servers with kafka-lab server-start / zookeeper-start / connect-standalone -daemon; tools run in the foreground.',
    );
  });
  it('E59 --zookeeper on kafka-topics (removed in Kafka 3.0): the line rewritten', async () => {
    expectError(
      await cli(['kafka-topics.sh', '--create', '--zookeeper', 'localhost:2181', '--replication-factor', '1', '--partitions', '1', '--topic', 'test']),
      2,
      "--zookeeper is not an option of 'topics': Kafka 3.0 removed it, kafka-topics connects to a broker",
      'Try: kafka-lab topics --create --bootstrap-server localhost:9092 --replication-factor 1 --partitions 1 --topic test',
    );
  });
  it('E60 --zookeeper on the consumer tools (the old consumer, removed in Kafka 2.0)', async () => {
    for (const [cmd, rest] of [
      ['kafka-console-consumer.sh', ['--topic', 'test', '--from-beginning']],
      ['kafka-consumer-groups.sh', ['--list']],
    ] as const) {
      const name = cmd.replace(/^kafka-|\.sh$/g, '');
      expectError(
        await cli([cmd, '--zookeeper', 'localhost:2181', ...rest]),
        2,
        `--zookeeper is not an option of '${name}': it went with the old ZooKeeper-based consumer in Kafka 2.0, consumers connect to a broker`,
        `Try: kafka-lab ${name} --bootstrap-server localhost:9092 ${rest.join(' ')}`,
      );
    }
    expectError(
      await cli(['kafka-configs.sh', '--zookeeper', 'localhost:2181', '--entity-type', 'topics', '--entity-name', 't', '--describe']),
      2,
      "--zookeeper is not an option of 'configs': deprecated in Kafka 3 and removed in 4.0, kafka-lab configs talks to the brokers",
      'Try: kafka-lab configs --bootstrap-server localhost:9092 --entity-type topics --entity-name t --describe',
    );
  });
  it('E61 --new-consumer (removed in Kafka 2.0, KIP-176)', async () => {
    expectError(
      await cli(['console-consumer', '--bootstrap-server', B, '--new-consumer', '--topic', 't']),
      2,
      "--new-consumer is not an option of 'console-consumer': Kafka 2.0 removed it (KIP-176), every consumer is the new one",
      `Try: kafka-lab console-consumer --bootstrap-server ${B} --topic t`,
    );
  });
  it('E62 --broker-list where the tool takes --bootstrap-server', async () => {
    expectError(
      await cli(['topics', '--broker-list', 'localhost:9092', '--list']),
      2,
      "--broker-list is not an option of 'topics': the broker address goes in --bootstrap-server",
      'Try: kafka-lab topics --bootstrap-server localhost:9092 --list',
    );
  });
  it("E63 Kafka's quickstart config paths: the config print line", async () => {
    for (const [cmd, rel, template] of [
      ['kafka-server-start.sh', 'config/server.properties', 'server'],
      ['zookeeper-server-start.sh', 'config/zookeeper.properties', 'zookeeper'],
      ['kafka-server-start.sh', 'config/kraft/server.properties', 'kraft/server'],
    ] as const) {
      const p = join(tmp, 'quickstart', rel);
      expectError(
        await cli([cmd, p]),
        1,
        `config file not found: ${p}`,
        `kafka-lab has no config/ folder of Kafka's; write this file from its template: mkdir -p ${p.slice(0, p.lastIndexOf('/'))} && kafka-lab config print ${template} > ${p}`,
      );
    }
  });
  it('E64 a misspelt setting (listners=) is named with its line, not "port 9092 in use"', async () => {
    const p = file('typo-server.properties', `broker.id=5\nlistners=PLAINTEXT://127.0.0.1:19092\nlog.dirs=${join(tmp, 'typo-logs')}\nzookeeper.connect=${B}\n`);
    expectError(
      await cli(['server-start', '-daemon', p]),
      1,
      `${p}:2: unknown setting 'listners' (did you mean 'listeners'?)`,
      'Kafka ignores names it does not know, so listeners would keep its default; fix the name.',
    );
  });
  it("E65 --override without '=': the example is a broker setting", async () => {
    expectError(
      await cli(['server-start', '-daemon', 'server.properties', '--override', 'foo']),
      2,
      "--override expects key=value, got 'foo'",
      'Example: --override log.retention.ms=60000',
    );
  });
  it('E66 cluster down --purge without a terminal refuses before stopping anything', async () => {
    const lab = join(tmp, 'purge-lab');
    expect((await cli(['cluster-scaffold', '--brokers', '1', '--dir', lab, '--base-port', '47991', '--zookeeper-port', '47990'])).exitCode).toBe(0);
    const r = await cli(['cluster', 'down', '--dir', lab, '--purge']);
    expectError(r, 2, '--purge deletes the data directories: confirm with --yes', `kafka-lab cluster down --dir ${lab} --purge --yes (nothing was stopped)`);
    // nothing was stopped: no table of stopped processes
    expect(r.stdout).toBe('');
  });
  it('E67 a misspelt global flag is suggested, without the whole help', async () => {
    const r = await cli(['--verison']);
    expectError(r, 2, 'unknown option --verison', 'did you mean --version? (kafka-lab --help lists the commands)');
    expect(r.stdout).toBe('');
  });
  it('E77 --blacklist (the old consumer)', async () => {
    expectError(
      await cli(['console-consumer', '--bootstrap-server', B, '--blacklist', 'internal.*']),
      2,
      "--blacklist is not an option of 'console-consumer': it went with the old consumer in Kafka 2.0",
      "Name the topics to read with --include REGEX instead; a regular expression can leave some out, e.g. --include '^(?!internal-).*'",
    );
  });
});
