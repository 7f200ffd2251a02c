/**
 * Issue 6, fault tests 1, 2 and 6 on a real 3-broker lab (cluster-scaffold + cluster up),
 * topics with replication factor 3 and min.insync.replicas=2:
 *  - console-producer (acks=all) sends 100,000 numbered lines while a broker is SIGKILLed
 *    mid-stream (a follower, the controller, a partition leader) and later restarted;
 *    every line not reported as failed must be in the topic;
 *  - SIGINT to the producer mid-stream: exit 130, counts add up, nothing acknowledged lost;
 *  - after cluster down no JVM the lab started is alive (by pid).
 * Each test prints one "[fault] ..." summary line with the accounting.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';
import { account, consumeAll, createReplicatedTopic, failedLines, isAlive, producePaced, startLab, summary, type Lab } from './lab.js';

const TOTAL = 100_000;
let lab: Lab;

beforeAll(async () => {
  lab = await startLab(3);
});

afterAll(async () => {
  if (!lab) return;
  const leftOver = await lab.destroy();
  expect(leftOver, 'JVMs still alive after cluster down (SIGKILLed now)').toEqual([]);
});

interface ClusterStatus {
  cluster: { controller?: number; registered?: number[] };
}

async function clusterStatus(): Promise<ClusterStatus> {
  const r = await lab.run(['cluster', 'status', '--output', 'json']);
  return JSON.parse(r.stdout) as ClusterStatus;
}

async function controllerId(): Promise<number> {
  const controller = (await clusterStatus()).cluster.controller;
  if (controller === undefined) throw new Error('cluster status shows no controller');
  return controller;
}

/**
 * A SIGKILLed broker stays registered in ZooKeeper until its session expires
 * (zookeeper.session.timeout.ms, 18 s): Kafka refuses to start it again before that.
 */
async function waitUntilDeregistered(nodeId: number): Promise<number> {
  const start = Date.now();
  while (Date.now() - start < 60_000) {
    const status = await clusterStatus().catch(() => undefined);
    const registered = status?.cluster.registered;
    if (registered && !registered.includes(nodeId)) return Date.now() - start;
    await new Promise((r) => setTimeout(r, 1000));
  }
  return Date.now() - start; // unknown: the restart below retries
}

/** start-broker, retried while Kafka still refuses because of the stale registration */
async function restartBroker(nodeId: number): Promise<void> {
  let last = '';
  for (let attempt = 0; attempt < 4; attempt++) {
    const r = await lab.run(['cluster', 'start-broker', String(nodeId)], { timeoutMs: 120_000 });
    if (r.exitCode === 0) return;
    last = r.stderr;
    await new Promise((res) => setTimeout(res, 8000));
  }
  throw new Error(`broker ${nodeId} did not restart:\n${last}`);
}

async function leaderOf(topic: string, partition: number): Promise<number> {
  const r = await lab.run(['topics', '--describe', '--topic', topic]);
  const m = new RegExp(`Partition: ${partition}\\s+Leader: (\\d+)`).exec(r.stdout);
  if (!m) throw new Error(`no leader in:\n${r.stdout}\n${r.stderr}`);
  return Number(m[1]);
}

async function killBrokerMidStream(name: string, topic: string, pickVictim: () => Promise<number>): Promise<void> {
  await createReplicatedTopic(lab, topic);
  const victim = await pickVictim();
  const pid = lab.brokerPid(victim);
  expect(pid, `pid file of broker ${victim}`).toBeDefined();
  const produced = await producePaced(lab, topic, {
    total: TOTAL,
    faultAfter: 30_000,
    during: async () => {
      // let the first batches be acknowledged, so the test proves they survive the kill
      await new Promise((r) => setTimeout(r, 2000));
      process.kill(pid!, 'SIGKILL');
    },
  });
  expect(isAlive(pid!)).toBe(false);
  const waited = await waitUntilDeregistered(victim);
  console.log(`[fault] broker ${victim} deregistered ${waited} ms after the producer finished`);
  await restartBroker(victim);

  expect(produced.linesWritten).toBe(TOTAL);
  const failed = failedLines(produced.stderr);
  // exit 0 means every line was acknowledged; exit 1 means some were reported as failed
  if (produced.exitCode === 0) expect(failed.size).toBe(0);
  else {
    expect(produced.exitCode).toBe(1);
    expect(failed.size).toBeGreaterThan(0);
    expect(produced.stderr).toMatch(new RegExp(`${failed.size} of ${TOTAL} records could not be sent`));
  }
  expect(produced.stderr).not.toMatch(/^\s+at /m);

  const acc = account(TOTAL, failed, await consumeAll(lab, topic));
  console.log(summary(`${name} (broker ${victim} SIGKILLed after 30,000 lines)`, acc));
  expect(acc.missing.slice(0, 20), 'acknowledged lines missing from the topic').toEqual([]);
  expect(acc.acknowledged, 'some lines were acknowledged (else the test proves nothing)').toBeGreaterThan(0);
}

describe('no acknowledged record is lost when a broker dies mid-stream', () => {
  it('SIGKILL of a follower broker', async () => {
    await killBrokerMidStream('follower killed', 'fault-follower', async () => {
      const controller = await controllerId();
      const leader = await leaderOf('fault-follower', 0);
      return [1, 2, 3].find((id) => id !== controller && id !== leader) ?? 3;
    });
  });

  it('SIGKILL of the controller broker', async () => {
    await killBrokerMidStream('controller killed', 'fault-controller', controllerId);
  });

  it('SIGKILL of the leader of partition 0', async () => {
    await killBrokerMidStream('leader killed', 'fault-leader', () => leaderOf('fault-leader', 0));
  });
});

describe('producer interrupted', () => {
  it('SIGINT mid-stream: exit 130, every line read is delivered or reported, counts add up', async () => {
    const topic = 'fault-sigint';
    await createReplicatedTopic(lab, topic);
    const produced = await producePaced(lab, topic, {
      total: TOTAL,
      faultAfter: 40_000,
      stopWritingAfterFault: true,
      during: ({ pid }) => {
        process.kill(pid, 'SIGINT');
      },
    });
    expect(produced.exitCode).toBe(130);
    expect(produced.stderr).not.toMatch(/^\s+at /m);
    const m = /interrupted: (\d+) records? sent(?:, \d+ failed)? \(of (\d+) read\)/.exec(produced.stderr);
    expect(m, produced.stderr).not.toBeNull();
    const sentCount = Number(m![1]);
    const readCount = Number(m![2]);
    const failed = failedLines(produced.stderr);
    expect(readCount).toBeLessThanOrEqual(produced.linesWritten);
    expect(sentCount + failed.size, 'sent + reported failed = read').toBe(readCount);

    const consumed = await consumeAll(lab, topic);
    const acc = account(readCount, failed, consumed);
    console.log(summary(`producer SIGINT after ${produced.linesWritten} lines written, ${readCount} read`, acc));
    expect(acc.missing.slice(0, 20)).toEqual([]);
    // nothing beyond what was read may appear
    expect(consumed.filter((l) => Number(l) > readCount)).toEqual([]);
  });
});

describe('consumer group member killed', () => {
  it('SIGKILL of one of two consumers: the other takes over from the committed offsets, nothing skipped', async () => {
    const topic = 'fault-group';
    const group = 'fault-group-readers';
    const lines = 20_000;
    await createReplicatedTopic(lab, topic);
    const startConsumer = () => {
      const child = spawn(process.execPath, [BIN, 'console-consumer', '--topic', topic, '--group', group, '--consumer-property', 'session.timeout.ms=10000'], {
        cwd: lab.dir,
        env: { ...process.env, NO_COLOR: '1', ...lab.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const out: string[] = [];
      let partial = '';
      child.stdout.on('data', (d: Buffer) => {
        const parts = (partial + d.toString('utf8')).split('\n');
        partial = parts.pop()!;
        out.push(...parts);
      });
      const exited = new Promise<void>((r) => child.on('close', () => r()));
      return { child, out, exited };
    };
    const a = startConsumer();
    const b = startConsumer();
    try {
      await new Promise((r) => setTimeout(r, 8000)); // both joined and assigned
      let killedAfter = -1;
      const produced = await producePaced(lab, topic, {
        total: lines,
        chunk: 500,
        pauseMs: 100,
        faultAfter: lines / 2,
        during: () => {
          killedAfter = a.out.length;
          a.child.kill('SIGKILL');
        },
      });
      expect(produced.exitCode, produced.stderr).toBe(0);
      await a.exited;
      // b takes over a's partitions after a's session times out, then catches up
      const deadline = Date.now() + 90_000;
      const distinct = () => new Set([...a.out, ...b.out]).size;
      while (distinct() < lines && Date.now() < deadline) await new Promise((r) => setTimeout(r, 1000));
      const consumed = [...a.out, ...b.out];
      const acc = account(lines, new Set(), consumed);
      console.log(summary(`consumer A SIGKILLed after printing ${killedAfter} records (A ${a.out.length}, B ${b.out.length})`, acc));
      expect(a.out.length, 'consumer A had consumed something before the kill').toBeGreaterThan(0);
      expect(acc.missing.slice(0, 20), 'records skipped by the group').toEqual([]);
    } finally {
      a.child.kill('SIGKILL');
      b.child.kill('SIGINT');
      await b.exited;
    }
  });
});

describe('clean-up', () => {
  it('cluster down leaves no JVM of the lab running (checked by pid)', async () => {
    const pids = lab.recordedPids();
    expect(pids.length).toBeGreaterThanOrEqual(4);
    const down = await lab.run(['cluster', 'down']);
    expect(down.exitCode, down.stderr).toBe(0);
    const alive = pids.filter(isAlive);
    if (alive.length) console.log(`[fault] cluster down output:\n${down.stdout}\n${down.stderr}`);
    console.log(`[fault] cluster down: ${pids.length} recorded pids, ${alive.length} still alive`);
    expect(alive).toEqual([]);
  });
});
