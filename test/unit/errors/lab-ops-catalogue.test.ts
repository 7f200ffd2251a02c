/**
 * The rows R01-R13 of docs/errors.md ("Operating a lab"): bad input to reassign-partitions,
 * leader-election, transactions and e2e-latency that is refused before any connection, run in
 * process through main(argv, io). The broker named is a closed port: a row that tried to
 * connect would fail. Rows R20 and up need a broker: test/e2e/ops/.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type InProcessResult, runMain } from '../../helpers/io.js';

const tmp = mkdtempSync(join(tmpdir(), 'kafka-lab-ops-errors-'));
const B = '127.0.0.1:1';
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const env = { KAFKA_LAB_HOME: join(tmp, 'home'), KAFKA_LAB_RUN_DIR: join(tmp, 'run') };
const cli = (args: string[]) => runMain(args, { env });
const file = (name: string, text: string) => {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
};
const REASSIGNMENT_HINT = 'Expected Kafka\'s format, e.g. {"version":1,"partitions":[{"topic":"orders","partition":0,"replicas":[1,2,3]}]}';

function expectError(r: InProcessResult, exitCode: number, message: string, hint: string): void {
  const all = `${r.stdout}\n${r.stderr}`;
  expect(all, 'stack trace printed').not.toMatch(/^\s+at /m);
  expect(r.exitCode, all).toBe(exitCode);
  expect(
    r.stderr.split('\n').filter((l) => l.startsWith('error: ')),
    r.stderr,
  ).toEqual([`error: ${message}`]);
  expect(r.stderr.split('\n').find((l) => l.startsWith('hint: '))).toBe(`hint: ${hint}`);
}

describe('reassign-partitions', () => {
  it('R01 no action', async () => {
    expectError(
      await cli(['reassign-partitions', '--bootstrap-server', B]),
      2,
      'Command must include exactly one action: --generate, --execute, --verify, --cancel, --list',
      'Example: kafka-lab reassign-partitions --verify --reassignment-json-file plan.json',
    );
  });
  it('R02 an option the action does not take', async () => {
    expectError(
      await cli(['reassign-partitions', '--verify', '--reassignment-json-file', 'x.json', '--throttle', '5', '--bootstrap-server', B]),
      2,
      'Option "[throttle]" can\'t be used with action "[verify]"',
      'kafka-lab reassign-partitions --help shows the options and an example.',
    );
  });
  it('R03 the reassignment file does not exist', async () => {
    const missing = join(tmp, 'none.json');
    expectError(
      await cli(['reassign-partitions', '--verify', '--reassignment-json-file', missing, '--bootstrap-server', B]),
      1,
      `reassignment file ${missing} does not exist`,
      'Check the path; relative paths are resolved from the current directory.',
    );
  });
  it('R04 a malformed JSON file', async () => {
    const f = file('bad.json', '{"version":1,"partitions":[');
    expectError(
      await cli(['reassign-partitions', '--execute', '--reassignment-json-file', f, '--bootstrap-server', B]),
      1,
      `${f}: not valid JSON (Unexpected end of JSON input)`,
      REASSIGNMENT_HINT,
    );
  });
  it('R05 a partition named twice', async () => {
    const f = file('dup.json', '{"version":1,"partitions":[{"topic":"t","partition":0,"replicas":[1]},{"topic":"t","partition":0,"replicas":[2]}]}');
    expectError(
      await cli(['reassign-partitions', '--execute', '--reassignment-json-file', f, '--bootstrap-server', B]),
      1,
      'Partition reassignment contains duplicate topic partitions: t-0',
      'A reassignment file names each partition once with its new replicas, e.g. {"version":1,"partitions":[{"topic":"orders","partition":0,"replicas":[1,2,3]}]}',
    );
  });
  it('R06 log_dirs not as long as replicas', async () => {
    const f = file('dirs.json', '{"partitions":[{"topic":"t","partition":0,"replicas":[1,2],"log_dirs":["any"]}]}');
    expectError(
      await cli(['reassign-partitions', '--execute', '--reassignment-json-file', f, '--bootstrap-server', B]),
      1,
      'Size of replicas list [1, 2] is different from size of log dirs list [any] for partition t-0',
      'Give one log dir per replica ("any" lets the broker choose), or leave "log_dirs" out.',
    );
  });
  it('R07 a broker list that is not numbers', async () => {
    const f = file('move.json', '{"topics":[{"topic":"t"}],"version":1}');
    expectError(
      await cli(['reassign-partitions', '--generate', '--topics-to-move-json-file', f, '--broker-list', '1,x', '--bootstrap-server', B]),
      2,
      'For input string: "x"',
      'Give broker ids separated by commas, e.g. --broker-list 1,2,3',
    );
  });
});

describe('leader-election', () => {
  it('R08 no partitions named', async () => {
    expectError(
      await cli(['leader-election', '--election-type', 'preferred', '--bootstrap-server', B]),
      2,
      'One and only one of the following options is required: topic, all-topic-partitions, path-to-json-file',
      'Example: kafka-lab leader-election --election-type preferred --all-topic-partitions',
    );
  });
  it('R09 a malformed JSON file', async () => {
    const f = file('election.json', '{"partitions":[');
    expectError(
      await cli(['leader-election', '--election-type', 'preferred', '--path-to-json-file', f, '--bootstrap-server', B]),
      1,
      `${f}: not valid JSON (Unexpected end of JSON input)`,
      'Expected Kafka\'s format, e.g. {"partitions":[{"topic":"foo","partition":1},{"topic":"foobar","partition":2}]}',
    );
  });
});

describe('transactions and e2e-latency', () => {
  it('R10 an unknown sub-command', async () => {
    expectError(
      await cli(['transactions', 'list2', '--bootstrap-server', B]),
      2,
      "argument COMMAND: invalid choice: 'list2' (choose from 'list', 'describe', 'describe-producers', 'abort', 'find-hanging')",
      'Example: kafka-lab transactions --bootstrap-server localhost:9092 list',
    );
  });
  it('R11 abort without saying which transaction', async () => {
    expectError(
      await cli(['transactions', 'abort', '--topic', 't', '--partition', '0', '--bootstrap-server', B]),
      2,
      'The transaction to abort must be identified either with --start-offset (for brokers on 3.0 or above) or with --producer-id, --producer-epoch, and --coordinator-epoch (for older brokers)',
      'kafka-lab transactions find-hanging --topic t shows the start offsets of hanging transactions.',
    );
  });
  it('R12 e2e-latency with acks 0', async () => {
    expectError(
      await cli(['e2e-latency', B, 't', '10', '0', '100']),
      2,
      'Latency testing requires synchronous acknowledgement. Please use 1 or all',
      'USAGE: kafka-lab e2e-latency broker_list topic num_messages producer_acks message_size_bytes [properties_file]',
    );
  });
});

describe('cluster add-broker', () => {
  it('R13 a lab that is not running', async () => {
    const lab = join(tmp, 'stopped-lab');
    // closed ports: a scaffolded lab nobody started
    const made = await cli(['cluster-scaffold', '--brokers', '1', '--dir', lab, '--base-port', '2', '--zookeeper-port', '5']);
    expect(made.exitCode, made.stderr).toBe(0);
    const r = await cli(['cluster', 'add-broker', '--dir', lab]);
    expectError(r, 1, `the lab in ${lab} is not running: no broker answers at 127.0.0.1:2`, `Start it first: kafka-lab cluster up --dir ${lab}`);
    expect(r.ms).toBeLessThan(10_000);
  });
});
