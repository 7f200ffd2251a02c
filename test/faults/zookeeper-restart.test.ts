/**
 * Issue 6, fault test 4: ZooKeeper is SIGKILLed and restarted while the brokers run.
 * `cluster status` shows ZooKeeper dead (stale pid) meanwhile, the brokers keep serving the
 * data they have, and once ZooKeeper is back (same dataDir, so the brokers' sessions survive)
 * the cluster is whole again: three brokers registered, a controller, nothing lost.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { account, consumeAll, createReplicatedTopic, isAlive, startLab, summary, type Lab } from './lab.js';

let lab: Lab;
beforeAll(async () => {
  lab = await startLab(3);
});
afterAll(async () => {
  if (!lab) return;
  expect(await lab.destroy(), 'JVMs still alive after cluster down (SIGKILLed now)').toEqual([]);
});

interface Status {
  processes: { role: string; state: string; nodeId?: number }[];
  cluster?: { reachable: boolean; controller?: number; registered?: number[] };
}
async function status(): Promise<Status> {
  const r = await lab.run(['cluster', 'status', '--output', 'json']);
  return JSON.parse(r.stdout) as Status;
}

it('ZooKeeper killed and restarted: status shows it, the cluster recovers, nothing lost', async () => {
  const topic = 'fault-zookeeper';
  await createReplicatedTopic(lab, topic);
  const lines = `${Array.from({ length: 2000 }, (_, i) => String(i + 1)).join('\n')}\n`;
  const before = await lab.run(['console-producer', '--topic', topic], { input: lines });
  expect(before.exitCode, before.stderr).toBe(0);

  const brokerPids = [1, 2, 3].map((id) => lab.brokerPid(id));
  const zkPid = lab.recordedPids().find((p) => !brokerPids.includes(p) && isAlive(p));
  expect(zkPid, 'ZooKeeper pid from its pid file').toBeDefined();
  process.kill(zkPid!, 'SIGKILL');
  await new Promise((r) => setTimeout(r, 1000));

  const meanwhile = await status();
  const zk = meanwhile.processes.find((p) => p.role === 'zookeeper')!;
  console.log(
    `[fault] ZooKeeper SIGKILLed: cluster status says zookeeper ${zk.state}; brokers ${meanwhile.processes
      .filter((p) => p.role !== 'zookeeper')
      .map((p) => p.state)
      .join(', ')}`,
  );
  expect(zk.state).toBe(`dead (stale pid ${zkPid})`);
  expect(meanwhile.processes.filter((p) => p.role !== 'zookeeper').every((p) => p.state === 'running')).toBe(true);

  // the several-terminals way: start ZooKeeper again from the lab's own config
  const restart = await lab.run(['zookeeper-start', '-daemon', join(lab.dir, 'zookeeper.properties')], { timeoutMs: 120_000 });
  expect(restart.exitCode, restart.stderr).toBe(0);

  await expect
    .poll(
      async () => {
        const s = await status();
        return s.cluster?.reachable && s.cluster.controller !== undefined && s.cluster.controller >= 0 ? [...(s.cluster.registered ?? [])].sort() : [];
      },
      { timeout: 90_000, interval: 1000 },
    )
    .toEqual([1, 2, 3]);
  const after = await status();
  console.log(
    `[fault] ZooKeeper restarted: zookeeper ${after.processes.find((p) => p.role === 'zookeeper')!.state}, brokers registered ${after.cluster?.registered?.join(',')}, controller ${after.cluster?.controller}`,
  );

  const more = await lab.run(['console-producer', '--topic', topic], { input: `${Array.from({ length: 2000 }, (_, i) => String(i + 2001)).join('\n')}\n` });
  expect(more.exitCode, more.stderr).toBe(0);
  const acc = account(4000, new Set(), await consumeAll(lab, topic));
  console.log(summary('ZooKeeper killed and restarted', acc));
  expect(acc.missing).toEqual([]);
});
