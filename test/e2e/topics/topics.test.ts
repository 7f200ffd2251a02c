import { describe, expect, inject, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { runKafkaTool } from '../../helpers/kafka.js';

const B = inject('bootstrap');
const uniq = (p: string) => `${p}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
const cli = (...a: string[]) => runCli([...a, '--bootstrap-server', B]);

describe('topics', () => {
  it("creates in Kafka's form and in the subcommand form, then lists", async () => {
    const a = uniq('tk-a');
    const b = uniq('tk-b');
    const r1 = await cli('topics', '--create', '--topic', a, '--partitions', '3', '--replication-factor', '1');
    expect(r1).toMatchObject({ exitCode: 0, stdout: `Created topic ${a}.\n` });
    const r2 = await cli('topics', 'create', b, '-p', '2', '-r', '1', '-c', 'retention.ms=60000');
    expect(r2).toMatchObject({ exitCode: 0, stdout: `Created topic ${b}.\n` });
    const list = await cli('topics', '--list');
    expect(list.stdout.split('\n')).toEqual(expect.arrayContaining([a, b]));
    const filtered = await cli('topics', 'list', '--topic', `${a},${b}`, '-o', 'json');
    expect(JSON.parse(filtered.stdout)).toEqual({ topics: [a, b].sort() });
    const again = await cli('topics', 'create', a, '--if-not-exists');
    expect(again).toMatchObject({ exitCode: 0, stdout: '' });
  });

  it("describes byte for byte like Kafka's TopicCommand", async () => {
    const names = [uniq('td-x'), uniq('td-y'), uniq('td-z'), uniq('td-v'), uniq('td-w')];
    for (const [i, n] of names.entries()) {
      expect(
        (
          await cli(
            'topics',
            'create',
            n,
            '-p',
            String((i % 3) + 1),
            ...(i === 1 ? ['--config', 'retention.ms=86400000', '--config', 'cleanup.policy=compact'] : []),
          )
        ).exitCode,
      ).toBe(0);
    }
    // Kafka prints topics in HashMap order, which depends on how many there are: check 3 and 5
    for (const subset of [names.slice(0, 3), names]) {
      const regex = subset.join(',');
      const ours = await cli('topics', '--describe', '--topic', regex);
      const theirs = await runKafkaTool('org.apache.kafka.tools.TopicCommand', ['--describe', '--topic', regex, '--bootstrap-server', B]);
      expect(theirs.exitCode).toBe(0);
      expect(ours.exitCode).toBe(0);
      expect(ours.stdout).toBe(theirs.stdout);
      expect(ours.stdout).toContain('\tConfigs: ');
    }
    const regex = names.slice(0, 3).join(',');
    const overrides = await cli('topics', 'describe', '--topic', regex, '--topics-with-overrides');
    expect(overrides.stdout.trim().split('\n')).toHaveLength(1);
    expect(overrides.stdout).toContain(names[1]);
    const under = await cli('topics', 'describe', '--topic', regex, '--under-replicated-partitions');
    expect(under).toMatchObject({ exitCode: 0, stdout: '' });
    const atMin = await cli('topics', 'describe', '--topic', names[0]!, '--at-min-isr-partitions');
    expect(atMin.stdout).toMatch(/Partition: 0\tLeader: 0/);
    const json = JSON.parse((await cli('topics', 'describe', names[2]!, '-o', 'json')).stdout);
    expect(json.topics[0]).toMatchObject({ name: names[2], partitionCount: 3, replicationFactor: 1 });
    expect(json.topics[0].topicId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const table = await cli('topics', 'describe', names[0]!, '-o', 'table');
    expect(table.stdout).toContain('LEADER');
  });

  it('alters partitions and deletes, both forms', async () => {
    const a = uniq('ta');
    await cli('topics', 'create', a, '-p', '1');
    expect((await cli('topics', '--alter', '--topic', a, '--partitions', '3')).exitCode).toBe(0);
    expect((await cli('topics', 'describe', a)).stdout).toContain('PartitionCount: 3');
    const fewer = await cli('topics', 'alter', a, '--partitions', '2');
    expect(fewer.exitCode).toBe(1);
    expect(fewer.stderr).toContain('error: Error while executing topic command : Topic currently has 3 partitions, which is higher than the requested 2.');
    expect((await cli('topics', 'delete', a)).exitCode).toBe(0);
    const gone = await cli('topics', '--delete', '--topic', a);
    expect(gone.exitCode).toBe(1);
    expect(gone.stderr).toContain(`error: Error while executing topic command : Topic '${a}' does not exist as expected`);
    expect((await cli('topics', '--delete', '--topic', a, '--if-exists')).exitCode).toBe(0);
  });

  it('gives clear errors with exit codes', async () => {
    const a = uniq('te');
    await cli('topics', 'create', a);
    const exists = await cli('topics', 'create', a);
    expect(exists.exitCode).toBe(1);
    expect(exists.stderr).toContain(`error: Error while executing topic command : Topic '${a}' already exists.`);
    const rf = await cli('topics', 'create', uniq('te-rf'), '-r', '3');
    expect(rf.exitCode).toBe(1);
    expect(rf.stderr).toContain('error: Error while executing topic command : Replication factor: 3 larger than available brokers: 1.');
    const bad = await cli('topics', 'create', 'bad name');
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain("Topic name is invalid: 'bad name' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'");
    const long = await cli('topics', 'create', 'x'.repeat(250));
    expect(long.exitCode).toBe(2);
    expect(long.stderr).toContain('is longer than the max allowed length 249');
    const dot = uniq('te.dot');
    const w = await cli('topics', 'create', dot);
    expect(w.stdout).toContain("WARNING: Due to limitations in metric names, topics with a period ('.') or underscore ('_') could collide.");
    const clash = await cli('topics', 'create', dot.replace('.', '_'));
    expect(clash.exitCode).toBe(1);
    expect(clash.stderr).toContain(`collides with existing topics: ${dot}`);
    const noAction = await cli('topics', '--topic', a);
    expect(noAction.exitCode).toBe(2);
    expect(noAction.stderr).toContain('Command must include exactly one action');
    const zero = await cli('topics', 'create', uniq('tz'), '-p', '0');
    expect(zero).toMatchObject({ exitCode: 2 });
    expect(zero.stderr).toContain('The partitions must be greater than 0');
    const missing = await cli('topics', 'describe', uniq('nope'));
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain('does not exist as expected');
  });

  it('answers within the bound when no broker listens, without retry spam', async () => {
    const r = await runCli(['topics', '--list', '--bootstrap-server', '127.0.0.1:1', '--timeout', '4000']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('error: cannot connect to Kafka at 127.0.0.1:1: connection refused');
    expect(r.stderr.trim().split('\n')).toHaveLength(2);
    expect(r.ms).toBeLessThan(10_000);
  });

  it('rejects an unsupported --command-config property (a wrong file: exit 1, as catalogue row E16 says)', async () => {
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const f = join(mkdtempSync(join(tmpdir(), 'kl-cc-')), 'client.properties');
    writeFileSync(f, 'client.id=lab\nsasl.kerberos.service.name=kafka\n');
    const r = await cli('topics', '--list', '--command-config', f);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(
      `error: Error while executing topic command : unsupported client property 'sasl.kerberos.service.name' in --command-config file ${f}`,
    );
    writeFileSync(f, 'client.id=lab\nrequest.timeout.ms=5000\n');
    expect((await cli('topics', '--list', '--command-config', f)).exitCode).toBe(0);
  });
});
