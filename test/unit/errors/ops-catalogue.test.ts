/**
 * The rows S01-S19 of docs/errors.md (ACLs, users and quotas, metadata quorum, features, log
 * dirs, delete-offsets) that need no broker, run in process: exact message, hint, exit code, no
 * stack trace. Where a command names a broker it names a closed port: the answer must come
 * before any connection. The rows that need a broker are in test/e2e/errors/ops-catalogue.test.ts
 * and in the lab tests named there.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain, type InProcessResult } from '../../helpers/io.js';

const tmp = mkdtempSync(join(tmpdir(), 'kafka-lab-ops-errors-'));
const B = '127.0.0.1:1';
const env = { KAFKA_LAB_HOME: join(tmp, 'home'), KAFKA_LAB_RUN_DIR: join(tmp, 'run') };
const cli = (args: string[], input?: string) => runMain([...args, '--bootstrap-server', B], { env, input });

function expectError(r: InProcessResult, exitCode: number, message: string, hint?: string | RegExp): void {
  const all = `${r.stdout}\n${r.stderr}`;
  expect(all, 'stack trace printed').not.toMatch(/^\s+at /m);
  expect(r.exitCode, all).toBe(exitCode);
  const errorLines = r.stderr.split('\n').filter((l) => l.startsWith('error: '));
  expect(errorLines, r.stderr).toEqual([`error: ${message}`]);
  if (hint !== undefined) {
    const hintLine = r.stderr.split('\n').find((l) => l.startsWith('hint: ')) ?? '';
    if (typeof hint === 'string') expect(hintLine).toBe(`hint: ${hint}`);
    else expect(hintLine).toMatch(hint);
  }
  // refused before any connection: nothing listens on port 1
  expect(r.stderr).not.toMatch(/cannot connect|could not reach/);
}

describe('acls (exit 2)', () => {
  it('S01 a principal without its type', async () => {
    expectError(
      await cli(['acls', '--add', '--allow-principal', 'client', '--operation', 'Read', '--topic', 't']),
      2,
      "expected a principal in the format principalType:principalName but got 'client'",
      "Write User:NAME (User:'*' for every user), e.g. --allow-principal User:alice.",
    );
  });
  it('S02 an unknown operation', async () => {
    expectError(
      await cli(['acls', '--add', '--allow-principal', 'User:client', '--operation', 'Frobnicate', '--topic', 't']),
      2,
      "unknown operation 'Frobnicate'",
      /^hint: Valid operations: All, Read, Write, Create, Delete, Alter, Describe, ClusterAction, DescribeConfigs, AlterConfigs, IdempotentWrite, CreateTokens, DescribeTokens\.$/,
    );
  });
  it('S03 an operation the resource type does not have', async () => {
    expectError(
      await cli(['acls', '--add', '--allow-principal', 'User:client', '--operation', 'Write', '--group', 'g']),
      2,
      'ResourceType GROUP only supports operations Read, Describe, Delete, All',
      '--operation Write does not apply to a group.',
    );
  });
  it('S04 no action, or two', async () => {
    expectError(await cli(['acls', '--topic', 't']), 2, 'Command must include exactly one action: --list, --add, --remove.', 'Example: kafka-lab acls --list');
    expectError(await cli(['acls', '--add', '--list']), 2, 'Command must include exactly one action: --list, --add, --remove.');
  });
  it('S05 adding with a pattern-type filter', async () => {
    expectError(
      await cli(['acls', '--add', '--allow-principal', 'User:a', '--topic', 't', '--resource-pattern-type', 'match']),
      2,
      "A '--resource-pattern-type' value of 'MATCH' is not valid when adding acls.",
      'Add ACLs with --resource-pattern-type literal (the default) or prefixed.',
    );
  });
  it('S06 --producer without --topic; --consumer without --group', async () => {
    expectError(
      await cli(['acls', '--add', '--allow-principal', 'User:a', '--producer']),
      2,
      'With --producer you must specify a --topic',
      'Example: --producer --topic orders',
    );
    expectError(
      await cli(['acls', '--add', '--allow-principal', 'User:a', '--consumer', '--topic', 't']),
      2,
      'With --consumer you must specify a --topic and a --group and no --cluster or --transactional-id option should be specified.',
      'Example: --consumer --topic orders --group order-readers',
    );
  });
  it('S07 ACLs through the authorizer (ZooKeeper) instead of the brokers', async () => {
    expectError(
      await runMain(['acls', '--list', '--authorizer-properties', 'zookeeper.connect=localhost:2181'], { env }),
      2,
      'kafka-lab manages ACLs through the brokers, not through the authorizer or ZooKeeper directly',
      'Use --bootstrap-server (and --command-config for a secured cluster), as Kafka recommends since 2.x.',
    );
  });
  it('S08 --remove without --force and nothing on stdin removes nothing', async () => {
    const r = await cli(['acls', '--remove', '--topic', 't'], '');
    expect(r.stdout).toBe(
      'Are you sure you want to delete all ACLs for resource filter `ResourcePattern(resourceType=TOPIC, name=t, patternType=LITERAL)`? (y/n)\n',
    );
    expectError(r, 2, 'no answer to the question above (standard input is closed): nothing was removed', 'Add --force to remove without asking.');
  });
});

describe('configs for users, clients and ips (exit 2)', () => {
  it('S09 SCRAM iterations below the minimum', async () => {
    expectError(
      await cli([
        'configs',
        '--alter',
        '--entity-type',
        'users',
        '--entity-name',
        'alice',
        '--add-config',
        'SCRAM-SHA-256=[iterations=100,password=alice-secret]',
      ]),
      2,
      'Iterations 100 is less than the minimum 4096 required for SCRAM-SHA-256',
      'Use 4096 (the default) to 16384 iterations.',
    );
  });
  it('S10 a malformed SCRAM credential (the value, which may hold a password, is not shown)', async () => {
    const r = await cli(['configs', '--alter', '--entity-type', 'users', '--entity-name', 'alice', '--add-config', 'SCRAM-SHA-256=[pasword=alice-secret]']);
    expectError(
      r,
      2,
      'Invalid credential property SCRAM-SHA-256=[...]: expected [iterations=N,]password=PASSWORD (the value is not shown: it may hold a password)',
      "Example: --add-config 'SCRAM-SHA-256=[iterations=8192,password=PASSWORD]'",
    );
    expect(`${r.stdout}${r.stderr}`).not.toContain('alice-secret');
  });
  it('S11 a quota that is not a number', async () => {
    expectError(
      await cli(['configs', '--alter', '--entity-type', 'clients', '--entity-name', 'app', '--add-config', 'producer_byte_rate=fast']),
      2,
      'Cannot parse quota configuration value for producer_byte_rate: fast',
      'A quota is a number, e.g. producer_byte_rate=1048576.',
    );
  });
  it('S12 a config clients do not have', async () => {
    expectError(
      await cli(['configs', '--alter', '--entity-type', 'clients', '--entity-name', 'app', '--add-config', 'retention.ms=1']),
      2,
      "Only quota configs can be added for 'clients' using --bootstrap-server. Unexpected config names: retention.ms",
      /^hint: Quotas: producer_byte_rate, consumer_byte_rate, request_percentage, controller_mutation_rate/,
    );
  });
  it('S13 SCRAM credentials for the default user', async () => {
    expectError(
      await cli(['configs', '--alter', '--entity-type', 'users', '--entity-default', '--add-config', 'SCRAM-SHA-512=[password=x]']),
      2,
      'The use of --entity-default or --user-defaults is not allowed with User SCRAM Credentials using --bootstrap-server.',
      'SCRAM credentials belong to one user: --entity-name NAME.',
    );
  });
  it('S14 an ip entity that is no address', async () => {
    expectError(
      await cli(['configs', '--alter', '--entity-type', 'ips', '--entity-name', '300.1.2.3', '--add-config', 'connection_creation_rate=10']),
      2,
      'The entity name for ips must be a valid IP or resolvable host, but it is: 300.1.2.3',
      'Example: --entity-type ips --entity-name 127.0.0.1',
    );
  });
});

describe('metadata-quorum, features, log-dirs, delete-offsets (exit 2)', () => {
  it('S15 metadata-quorum describe without --status or --replication', async () => {
    expectError(
      await cli(['metadata-quorum', 'describe']),
      2,
      'One of --status or --replication must be specified with describe sub-command',
      'Example: kafka-lab metadata-quorum describe --status',
    );
  });
  it('S16 features upgrade without a feature; a feature without its level', async () => {
    expectError(
      await cli(['features', 'upgrade']),
      2,
      'You must specify at least one feature to upgrade',
      'Example: kafka-lab features upgrade --feature group.version=1',
    );
    expectError(
      await cli(['features', 'upgrade', '--feature', 'group.version']),
      2,
      "Can't parse feature=level string group.version: equals sign not found.",
      'Example: --feature group.version=1',
    );
  });
  it('S17 an unknown metadata.version', async () => {
    expectError(
      await cli(['features', 'upgrade', '--metadata', '2.8']),
      2,
      'Unsupported metadata.version 2.8. Supported metadata.version are 3.3-IV3, 3.4-IV0, 3.5-IV0, 3.5-IV1, 3.5-IV2, 3.6-IV0, 3.6-IV1, 3.6-IV2, 3.7-IV0, 3.7-IV1, 3.7-IV2, 3.7-IV3, 3.7-IV4, 3.8-IV0, 3.9-IV0, 4.0-IV0, 4.0-IV1, 4.0-IV2, 4.0-IV3, 4.1-IV0, 4.1-IV1',
      'Example: --metadata 3.9-IV0',
    );
  });
  it('S18 kafka-log-dirs options without --describe', async () => {
    expectError(
      await cli(['log-dirs', '--topic-list', 'orders']),
      2,
      'Missing required argument(s): describe',
      "Kafka's form is kafka-lab log-dirs --describe --bootstrap-server HOST:PORT; without --describe, log-dirs reads a lab's folders on disk (--dir).",
    );
  });
  it('S19 --delete-offsets without --topic', async () => {
    expectError(
      await cli(['consumer-groups', '--delete-offsets', '--group', 'g']),
      2,
      'Option [delete-offsets] takes the following options: [group], [topic]',
      'Example: kafka-lab consumer-groups --delete-offsets --group my-group --topic orders (or --topic orders:0,1)',
    );
  });
});
