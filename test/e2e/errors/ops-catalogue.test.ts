/**
 * Rows S20-S25 of docs/errors.md against the shared broker (ZooKeeper mode, no authorizer):
 * exact message, hint, exit code, no stack trace.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { runCli, type RunResult } from '../../helpers/cli.js';

const B = inject('bootstrap');
const uid = randomBytes(3).toString('hex');
const cli = (...args: string[]) => runCli([...args, '--bootstrap-server', B], { timeoutMs: 60_000 });

function expectError(r: RunResult, exitCode: number, message: string, hint?: string): void {
  const all = `${r.stdout}\n${r.stderr}`;
  expect(all, 'stack trace printed').not.toMatch(/^\s+at /m);
  expect(r.exitCode, all).toBe(exitCode);
  expect(
    r.stderr.split('\n').filter((l) => l.startsWith('error: ')),
    r.stderr,
  ).toEqual([`error: ${message}`]);
  if (hint !== undefined) expect(r.stderr.split('\n').find((l) => l.startsWith('hint: '))).toBe(`hint: ${hint}`);
}

describe('ACLs, users and quotas, quorum, log dirs on the shared broker (exit 1)', () => {
  it('S20 ACLs on brokers without an authorizer', async () => {
    expectError(
      await cli('acls', '--list'),
      1,
      'the brokers run no authorizer, so they cannot list ACLs (SECURITY_DISABLED)',
      'Set authorizer.class.name on the brokers (a lab made with kafka-lab cluster-scaffold --security sasl-scram has one).',
    );
  });
  it('S21 the metadata quorum of a ZooKeeper-mode cluster', async () => {
    expectError(
      await cli('metadata-quorum', 'describe', '--status'),
      1,
      'this cluster runs in ZooKeeper mode: it has no KRaft metadata quorum',
      'kafka-metadata-quorum describes KRaft clusters (a lab: cluster-scaffold --mode kraft); in ZooKeeper mode, kafka-lab zookeeper-shell shows /controller.',
    );
  });
  it('S22 a broker id that does not exist', async () => {
    expectError(
      await cli('log-dirs', '--describe', '--broker-list', '0,7'),
      1,
      'The given brokers do not exist from --broker-list: 7. Current existent brokers: 0',
      'kafka-lab cluster info lists the brokers.',
    );
  });
  it('S23 deleting a SCRAM credential the user does not have', async () => {
    expectError(
      await cli('configs', '--alter', '--entity-type', 'users', '--entity-name', `nobody-${uid}`, '--delete-config', 'SCRAM-SHA-512'),
      1,
      `user 'nobody-${uid}' has no such SCRAM credential to delete: Attempt to delete a user credential that does not exist`,
      `kafka-lab configs --describe --entity-type users --entity-name nobody-${uid} shows its mechanisms.`,
    );
  });
  it('S24 deleting a quota that is not set', async () => {
    expectError(
      await cli('configs', '--alter', '--entity-type', 'clients', '--entity-name', `app-${uid}`, '--delete-config', 'producer_byte_rate'),
      1,
      'Invalid config(s): producer_byte_rate',
      'Only quotas set on this entity can be deleted (kafka-lab configs --describe shows them).',
    );
  });
  it("S25 deleting offsets of a group that does not exist: Kafka's text on stdout, exit 1", async () => {
    const r = await cli('consumer-groups', '--delete-offsets', '--group', `nosuch-${uid}`, '--topic', `t-${uid}`);
    expect(r.exitCode).toBe(1);
    expect(r.stdout, r.stderr).toBe(
      `\nError: 'nosuch-${uid}' does not exist.\n\nTOPIC                          PARTITION       STATUS         ` +
        `t-${uid}                       Not Provided    Error: :org.apache.kafka.common.errors.UnknownTopicOrPartitionException: This server does not host this topic-partition.`,
    );
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});
