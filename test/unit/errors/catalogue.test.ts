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
      'Actions: up, down, status, info, stop-broker, start-broker',
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
