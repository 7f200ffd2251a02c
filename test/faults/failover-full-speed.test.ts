/**
 * Issue 11's scenario, exactly: a 3-broker lab (ZooKeeper mode and KRaft), a topic with 3
 * partitions, replication factor 3 and min.insync.replicas=2, numbered lines piped from a file
 * into console-producer --request-required-acks all at full speed (not paced), and one broker
 * SIGKILLed mid-stream: the leader of partition 0, a follower, or the controller. The topic is
 * then read back by an independent reader (Kafka's own ConsoleConsumer from the engine jars,
 * one partition at a time, by assignment) and checked against the partitions' end offsets:
 * exit 0, nothing missing, nothing duplicated, nothing out of order within a partition.
 *
 * Also: a consumer without a group reads a whole topic while a broker is stopped, and leaves
 * no group behind; a group consumer whose coordinator is SIGKILLed skips nothing and re-reads
 * only records after its last committed offset.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeQuorumV2 } from '@platformatic/kafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';
import { committed, groupIds, kafkaTool, offsetsOf, withClient } from '../helpers/client.js';
import { ENGINE_VERSION } from '../helpers/kafka.js';
import { createReplicatedTopic, isAlive, type Lab, produceFromFile, startLab } from './lab.js';

const TOTAL = 500_000;
/** the kill lands once this many lines are in the topic: well after the first acknowledgements */
const KILL_AT = 75_000;

interface ReadBack {
  /** value (line number) -> times seen */
  counts: Map<number, number>;
  outOfOrder: number;
  records: number;
}

/** Kafka's ConsoleConsumer, one partition at a time from the earliest offset: no group involved. */
async function readBack(lab: Lab, topic: string, engineVersion: string, extra: string[] = []): Promise<ReadBack & { lines: string[][] }> {
  const counts = new Map<number, number>();
  let outOfOrder = 0;
  let records = 0;
  const all: string[][] = [];
  const ends = await offsetsOf(bootstrapOf(lab), topic);
  for (const [partition, { high }] of [...ends].sort((a, b) => a[0] - b[0])) {
    if (high === 0) continue;
    const r = await kafkaTool(
      'org.apache.kafka.tools.consumer.ConsoleConsumer',
      [
        '--bootstrap-server',
        bootstrapOf(lab),
        '--topic',
        topic,
        '--partition',
        String(partition),
        '--offset',
        'earliest',
        '--max-messages',
        String(high),
        ...extra,
      ],
      { timeoutMs: 180_000, version: engineVersion },
    );
    const lines = r.stdout.split('\n').filter((l) => l !== '');
    expect(lines.length, `partition ${partition}: Kafka's ConsoleConsumer read ${lines.length} of ${high} records\n${r.stderr.slice(-2000)}`).toBe(high);
    let last = 0;
    for (const l of lines) {
      const v = Number(l.split('\t').pop());
      counts.set(v, (counts.get(v) ?? 0) + 1);
      if (v < last) outOfOrder++;
      last = v;
      records++;
    }
    all.push(lines);
  }
  return { counts, outOfOrder, records, lines: all };
}

function bootstrapOf(lab: Lab): string {
  const profile = JSON.parse(readFileSync(join(lab.dir, '.kafka-lab-profile.json'), 'utf8')) as { bootstrapServers: string };
  return profile.bootstrapServers;
}

/** The partition's leader, once the new topic's metadata has reached the brokers. */
async function leaderOf(lab: Lab, topic: string, partition: number): Promise<number> {
  return withClient(bootstrapOf(lab), async (c) => {
    for (let i = 0; i < 100; i++) {
      const m = await c.metadata([topic]);
      const leader = m.topics[0]?.partitions.find((p) => p.partition === partition)?.leader ?? -1;
      if (leader >= 0) return leader;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${topic}-${partition} has no leader after 10 s`);
  });
}

/** The controller: ZooKeeper mode's controller broker, or KRaft's active controller (the quorum leader). */
async function controllerOf(lab: Lab): Promise<number> {
  return withClient(bootstrapOf(lab), async (c) => {
    if (lab.mode === 'zookeeper') return (await c.metadata([])).controllerId;
    const q = await c.call('any', [describeQuorumV2], [[{ topicName: '__cluster_metadata', partitions: [{ partitionIndex: 0 }] }]]);
    return q.topics[0]!.partitions[0]!.leaderId;
  });
}

async function registered(lab: Lab): Promise<number[]> {
  return withClient(bootstrapOf(lab), async (c) => (await c.metadata([])).brokers.map((b) => b.nodeId)).catch(() => []);
}

/** Brings a killed broker back: ZooKeeper refuses it until its old session expired (~18 s). */
async function restart(lab: Lab, nodeId: number): Promise<void> {
  const start = Date.now();
  while (lab.mode === 'zookeeper' && (await registered(lab)).includes(nodeId) && Date.now() - start < 60_000) await new Promise((r) => setTimeout(r, 1000));
  let last = '';
  for (let attempt = 0; attempt < 5; attempt++) {
    const r = await lab.run(['cluster', 'start-broker', String(nodeId)], { timeoutMs: 120_000 });
    if (r.exitCode === 0) break;
    last = r.stderr;
    if (attempt === 4) throw new Error(`broker ${nodeId} did not restart:\n${last}`);
    await new Promise((res) => setTimeout(res, 5000));
  }
  // fully back: in the ISR of every partition again
  const until = Date.now() + 120_000;
  for (;;) {
    const ok = await withClient(bootstrapOf(lab), async (c) => {
      const m = await c.metadata(null);
      return m.topics.every((t) => t.partitions.every((p) => p.isr.length === p.replicas.length));
    }).catch(() => false);
    if (ok || Date.now() > until) return;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

for (const mode of ['zookeeper', 'kraft'] as const) {
  describe(`${mode} lab: a broker SIGKILLed under a full-speed producer`, () => {
    let lab: Lab;
    let linesFile: string;
    const engineVersion = ENGINE_VERSION;

    beforeAll(async () => {
      lab = await startLab(3, mode);
      linesFile = join(lab.root, 'lines.txt');
      let text = '';
      for (let i = 1; i <= TOTAL; i++) text += `${i}\n`;
      writeFileSync(linesFile, text);
    });

    afterAll(async () => {
      if (!lab) return;
      const leftOver = await lab.destroy();
      expect(leftOver, 'JVMs still alive after cluster down (SIGKILLed now)').toEqual([]);
    });

    const victims: [string, string, (topic: string) => Promise<number>][] = [
      ['the leader of partition 0', 'leader', (topic) => leaderOf(lab, topic, 0)],
      [
        'a follower',
        'follower',
        async (topic) => {
          const leader = await leaderOf(lab, topic, 0);
          const controller = await controllerOf(lab);
          return [1, 2, 3].find((id) => id !== leader && id !== controller) ?? [1, 2, 3].find((id) => id !== leader)!;
        },
      ],
      ['the controller', 'controller', () => controllerOf(lab)],
    ];

    for (const [name, slug, pick] of victims) {
      it(`SIGKILL of ${name}: exit 0, nothing missing, duplicated or reordered`, async () => {
        const topic = `full-speed-${slug}`;
        await createReplicatedTopic(lab, topic);
        const victim = await pick(topic);
        const pid = lab.brokerPid(victim);
        expect(pid, `pid file of broker ${victim}`).toBeDefined();
        const bootstrap = bootstrapOf(lab);
        const produced = await produceFromFile(lab, topic, linesFile, {
          when: async () => {
            const ends = await offsetsOf(bootstrap, topic).catch(() => new Map<number, { low: number; high: number }>());
            return [...ends.values()].reduce((n, o) => n + o.high, 0) >= KILL_AT;
          },
          fault: () => {
            process.kill(pid!, 'SIGKILL');
          },
        });
        expect(produced.faultAtMs, 'the kill landed while the producer ran').toBeDefined();
        expect(isAlive(pid!)).toBe(false);
        await restart(lab, victim);
        const back = await readBack(lab, topic, engineVersion);
        const missing: number[] = [];
        for (let i = 1; i <= TOTAL; i++) if (!back.counts.has(i)) missing.push(i);
        let duplicates = 0;
        for (const c of back.counts.values()) if (c > 1) duplicates += c - 1;
        console.log(
          `[fault] ${mode}, broker ${victim} (${name}) SIGKILLed ${produced.faultAtMs} ms in at >= ${KILL_AT} lines: producer exit ${produced.exitCode} after ${produced.ms} ms; ` +
            `sent ${TOTAL}, read back ${back.records}, missing ${missing.length}, duplicates ${duplicates}, out of order ${back.outOfOrder}`,
        );
        expect(produced.stderr).not.toMatch(/^\s+at /m);
        expect(produced.exitCode, produced.stderr.slice(-2000)).toBe(0);
        expect(missing.slice(0, 20), 'missing lines').toEqual([]);
        expect(duplicates, 'duplicated lines').toBe(0);
        expect(back.outOfOrder, 'lines out of order within a partition').toBe(0);
        expect(back.records).toBe(TOTAL);
      });
    }

    it('a consumer without a group reads a whole topic while a broker is stopped, and leaves no group behind', async () => {
      const topic = 'full-speed-leader';
      const groupsBefore = await groupIds(bootstrapOf(lab));
      const stop = await lab.run(['cluster', 'stop-broker', '2'], { timeoutMs: 120_000 });
      expect(stop.exitCode, stop.stderr).toBe(0);
      try {
        const r = await lab.run(['console-consumer', '--topic', topic, '--from-beginning', '-e'], { timeoutMs: 120_000 });
        expect(r.exitCode, r.stderr).toBe(0);
        const lines = r.stdout.split('\n').filter((l) => l !== '');
        expect(lines.length).toBe(TOTAL);
        expect(new Set(lines).size).toBe(TOTAL);
        expect(r.stderr).toContain(`Processed a total of ${TOTAL} messages`);
        expect(await groupIds(bootstrapOf(lab))).toEqual(groupsBefore);
      } finally {
        await restart(lab, 2);
      }
    });

    it('a group consumer whose coordinator is SIGKILLed skips nothing and re-reads only after its last commit', async () => {
      const topic = 'full-speed-controller';
      const group = `fault-coordinator-${mode}`;
      const child = spawn(
        process.execPath,
        [
          BIN,
          'console-consumer',
          '--topic',
          topic,
          '--group',
          group,
          '--from-beginning',
          '-e',
          '--property',
          'print.partition=true',
          '--property',
          'print.offset=true',
          '--consumer-property',
          'auto.commit.interval.ms=500',
        ],
        { cwd: lab.dir, env: { ...process.env, NO_COLOR: '1', ...lab.env }, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      const out: string[] = [];
      let partial = '';
      let paused = false;
      child.stdout.on('data', (d: Buffer) => {
        const parts = (partial + d.toString('utf8')).split('\n');
        partial = parts.pop()!;
        out.push(...parts);
        // read slowly at first, so that the kill lands mid-topic
        if (!paused && out.length > 20_000) {
          paused = true;
          child.stdout.pause();
        }
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
      const exited = new Promise<number>((r) => child.on('close', (code) => r(code ?? -1)));
      const until = Date.now() + 60_000;
      while (!paused && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      expect(paused, 'the consumer read 20,000 records').toBe(true);
      await new Promise((r) => setTimeout(r, 1500)); // a commit after the pause
      const coordinator = await withClient(bootstrapOf(lab), (c) => c.nodeIdOf({ group }));
      const before = new Map((await committed(bootstrapOf(lab), group)).map((o) => [o.partition, o.offset]));
      const pid = lab.brokerPid(coordinator!);
      process.kill(pid!, 'SIGKILL');
      child.stdout.resume();
      const code = await exited;
      await restart(lab, coordinator!);
      expect(code, stderr.slice(-2000)).toBe(0);
      // every record of the topic was printed; records printed twice are all at or after the last commit before the kill
      const seen = new Map<string, number>();
      for (const l of out.filter((x) => x !== '')) {
        const [p, o] = l.split('\t');
        const key = `${p!.replace('Partition:', '')}:${o!.replace('Offset:', '')}`;
        seen.set(key, (seen.get(key) ?? 0) + 1);
      }
      const ends = await offsetsOf(bootstrapOf(lab), topic);
      let skipped = 0;
      let rereadBeforeCommit = 0;
      let reread = 0;
      for (const [p, { high }] of ends)
        for (let o = 0; o < high; o++) {
          const n = seen.get(`${p}:${o}`) ?? 0;
          if (n === 0) skipped++;
          if (n > 1) {
            reread += n - 1;
            if (o < (before.get(p) ?? 0)) rereadBeforeCommit++;
          }
        }
      console.log(
        `[fault] ${mode}, group coordinator (broker ${coordinator}) SIGKILLed mid-topic: printed ${seen.size} distinct of ${[...ends.values()].reduce((n, e) => n + e.high, 0)}, skipped ${skipped}, re-read ${reread} (before the last commit: ${rereadBeforeCommit})`,
      );
      expect(skipped, 'records never printed').toBe(0);
      expect(rereadBeforeCommit, 'records re-read from before the last commit').toBe(0);
    });
  });
}
