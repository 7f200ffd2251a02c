/**
 * Issue 6, fault test 5: a broker process dies during `cluster up`. The command must fail with
 * the cause taken from that broker's log, and stop everything it had already started
 * (ZooKeeper and the other brokers), checked by scanning processes for the lab folder.
 */
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { freePort } from '../helpers/kafka.js';
import { pidsMentioning } from './lab.js';

const root = mkdtempSync(join(tmpdir(), 'kafka-lab-fault-up-'));
const dir = join(root, 'lab');
const env = { KAFKA_LAB_RUN_DIR: join(root, 'run'), LOG_DIR: join(root, 'logs') };

afterAll(() => {
  for (const pid of pidsMentioning(dir)) process.kill(pid, 'SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

it('a broker dying during cluster up: fails with the cause from its log, and stops what was started', async () => {
  const scaffold = await runCli(
    [
      'cluster-scaffold',
      '--brokers',
      '3',
      '--dir',
      dir,
      '--base-port',
      String(await freePort()),
      '--zookeeper-port',
      String(await freePort()),
      '--heap',
      '256m',
    ],
    { env },
  );
  expect(scaffold.exitCode, scaffold.stderr).toBe(0);
  // valid for kafka-lab, fatal for Kafka's config validation when broker 2 starts
  appendFileSync(join(dir, 'server-2.properties'), 'num.network.threads=notanumber\n');

  const up = await runCli(['cluster', 'up'], { env, cwd: dir, timeoutMs: 180_000 });
  const left = pidsMentioning(dir);
  console.log(`[fault] cluster up with a dying broker: exit ${up.exitCode}, ${left.length} lab processes left running`);
  expect(`${up.stdout}\n${up.stderr}`).not.toMatch(/^\s+at /m);
  expect(up.exitCode).toBe(1);
  expect(up.stderr).toContain('error: broker 2 exited while starting (exit code 1)');
  expect(up.stderr).toContain('Invalid value notanumber for configuration num.network.threads');
  expect(up.stderr).toContain(`hint: The full log is in ${join(dir, 'logs', 'broker-2', 'server.log')}`);
  expect(left).toEqual([]);
});
