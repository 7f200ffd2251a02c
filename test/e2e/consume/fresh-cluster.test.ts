/**
 * The quick start on a brand-new broker: the first consumer makes the broker create
 * __consumer_offsets, and must wait for its coordinator rather than fail.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { startZkCluster, type TestCluster } from '../../helpers/kafka.js';

let cluster: TestCluster;
beforeAll(async () => {
  // Kafka's defaults for the offsets topic (50 partitions), as in the quick start
  cluster = await startZkCluster({ 'offsets.topic.num.partitions': '50' });
});
afterAll(async () => {
  await cluster?.stop();
});

it('console-consumer reads the quick start records on a broker that has no __consumer_offsets yet', async () => {
  const b = ['--bootstrap-server', cluster.bootstrap];
  expect((await runCli(['topics', '--create', '--topic', 'quickstart-events', ...b])).exitCode).toBe(0);
  const prod = await runCli(['console-producer', '--topic', 'quickstart-events', ...b], { input: 'hello\nworld\n' });
  expect(prod.exitCode, prod.stderr).toBe(0);
  const cons = await runCli(['console-consumer', '--topic', 'quickstart-events', '--from-beginning', '--max-messages', '2', ...b]);
  expect(cons.stderr).toContain('Processed a total of 2 messages');
  expect(cons.stdout).toBe('hello\nworld\n');
  expect(cons.exitCode).toBe(0);
  // nothing left behind by a consumer without --group
  const groups = await runCli(['consumer-groups', '--list', ...b]);
  expect(groups.stdout.trim()).toBe('');
});
