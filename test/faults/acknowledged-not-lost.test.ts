/**
 * Fault tests on a real 3-broker lab (cluster-scaffold + cluster up), topics with replication
 * factor 3 and min.insync.replicas=2 (broker kills under a full-speed producer are in
 * failover-full-speed.test.ts):
 *  - SIGINT to the producer mid-stream: exit 130, counts add up, nothing acknowledged lost;
 *  - a member of a consumer group SIGKILLed: the other takes over, nothing skipped;
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
      const err: string[] = [];
      child.stderr.on('data', (d: Buffer) => err.push(d.toString('utf8')));
      let partial = '';
      child.stdout.on('data', (d: Buffer) => {
        const parts = (partial + d.toString('utf8')).split('\n');
        partial = parts.pop()!;
        out.push(...parts);
      });
      const exited = new Promise<void>((r) => child.on('close', () => r()));
      return { child, out, err, exited };
    };
    const a = startConsumer();
    const b = startConsumer();
    try {
      // both joined, each assigned partitions, and every partition's start position committed (the
      // first auto-commit): the survivor then takes over from a commit, not from auto.offset.reset
      // (latest, as with Kafka's ConsoleConsumer), which would skip what A had not committed
      const readyBy = Date.now() + 60_000;
      for (;;) {
        const members = await lab.run(['consumer-groups', '--describe', '--group', group, '--members', '--output', 'json']);
        const offsets = await lab.run(['consumer-groups', '--describe', '--group', group, '--output', 'json']);
        const json = <T>(r: { exitCode: number; stdout: string }): T[] => (r.exitCode === 0 ? (JSON.parse(r.stdout) as T[]) : []);
        const assigned = json<{ members: { partitions: number }[] }>(members)
          .flatMap((g) => g.members)
          .filter((m) => m.partitions > 0);
        const committed = json<{ partitions: { currentOffset: number | null }[] }>(offsets)
          .flatMap((g) => g.partitions)
          .filter((p) => p.currentOffset !== null);
        if (assigned.length === 2 && committed.length === 3) break;
        if (Date.now() > readyBy) throw new Error(`the two consumers were not both assigned and committed within 60 s: ${members.stdout}${offsets.stdout}`);
        await new Promise((r) => setTimeout(r, 1000));
      }
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
      expect(a.out.length, `consumer A had consumed something before the kill; its stderr: ${a.err.join('').slice(-2000)}`).toBeGreaterThan(0);
      if (acc.missing.length > 0) {
        const described = await lab.run(['consumer-groups', '--describe', '--group', group]);
        console.log(`[fault] group after the takeover:\n${described.stdout}${described.stderr}\nconsumer B's stderr:\n${b.err.join('').slice(-3000)}`);
      }
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
