import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AssignerProtocol, Kafka, logLevel, type Admin } from 'kafkajs';
import { BIN, runCli } from '../../helpers/cli.js';
import { runKafkaTool } from '../../helpers/kafka.js';

const bootstrap = inject('bootstrap');
const uid = randomBytes(3).toString('hex');
const SHARED = `cs-shared-${uid}`;
const SIG = `cs-sig-${uid}`;
let admin: Admin;

beforeAll(async () => {
  const kafka = new Kafka({ brokers: [bootstrap], logLevel: logLevel.NOTHING });
  admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [
      { topic: SHARED, numPartitions: 2 },
      { topic: SIG, numPartitions: 1 },
    ],
    waitForLeaders: true,
  });
});

afterAll(async () => {
  await admin?.deleteTopics({ topics: [SHARED, SIG] }).catch(() => {});
  await admin?.disconnect();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts the CLI with stdin left open, so the test can type and send signals. */
function startCli(args: string[]) {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
  const exited = new Promise<number>((resolve) => child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : -1))));
  return { child, exited, out: () => stdout, err: () => stderr };
}

async function waitFor(cond: () => Promise<boolean> | boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return;
    await sleep(200);
  }
  throw new Error('condition not met in time');
}

describe('console-consumer and Java consumers in one group', () => {
  it('share the partitions of a topic under the range protocol', async () => {
    const group = `shared-group-${uid}`;
    const java = runKafkaTool(
      'org.apache.kafka.tools.consumer.ConsoleConsumer',
      ['--bootstrap-server', bootstrap, '--topic', SHARED, '--group', group, '--timeout-ms', '9000'],
      { timeoutMs: 60_000 },
    );
    await waitFor(async () => {
      const d = await admin.describeGroups([group]);
      return d.groups[0]?.state === 'Stable' && d.groups[0].members.length === 1;
    });
    const ours = startCli(['console-consumer', '--bootstrap-server', bootstrap, '--topic', SHARED, '--group', group, '--timeout-ms', '5000']);
    let assignments: number[] = [];
    await waitFor(async () => {
      const d = (await admin.describeGroups([group])).groups[0]!;
      if (d.state !== 'Stable' || d.members.length !== 2) return false;
      expect(d.protocol).toBe('range');
      const { AssignerProtocol } = await import('kafkajs');
      assignments = d.members.map((m) => Object.values(AssignerProtocol.MemberAssignment.decode(m.memberAssignment)?.assignment ?? {}).flat().length);
      return true;
    });
    expect(assignments.sort()).toEqual([1, 1]);
    expect(await ours.exited).toBe(0);
    await java;
  });
});

describe('output', () => {
  it('stops quietly when stdout is closed (| head -1)', async () => {
    const t = `cs-pipe-${uid}`;
    await admin.createTopics({ topics: [{ topic: t, numPartitions: 1 }], waitForLeaders: true });
    const kafka = new Kafka({ brokers: [bootstrap], logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: t, messages: Array.from({ length: 5000 }, (_, i) => ({ value: `record-${i}-${'x'.repeat(100)}` })) });
    await producer.disconnect();
    const sh = spawn('sh', ['-c', `"${process.execPath}" "${BIN}" console-consumer --bootstrap-server ${bootstrap} --topic ${t} --from-beginning | head -1`], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    let out = '';
    let err = '';
    sh.stdout.setEncoding('utf8').on('data', (d) => (out += d));
    sh.stderr.setEncoding('utf8').on('data', (d) => (err += d));
    const start = Date.now();
    await new Promise((r) => sh.on('close', r));
    expect(out).toBe(`record-0-${'x'.repeat(100)}\n`);
    expect(Date.now() - start).toBeLessThan(15_000);
    expect(err).not.toMatch(/EPIPE|\n\s+at /);
    await admin.deleteTopics({ topics: [t] });
  });
});

describe('Ctrl-C', () => {
  it('the producer flushes what it read, reports counts and exits 130', async () => {
    const p = startCli(['console-producer', '--bootstrap-server', bootstrap, '--topic', SIG, '--timeout', '60000']);
    p.child.stdin.write('one\ntwo\nthree\n');
    await sleep(2500); // connected and holding the three lines in its (60 s) linger
    p.child.kill('SIGINT');
    expect(await p.exited).toBe(130);
    expect(p.err()).toContain('3 records sent');
    const c = await runCli(['console-consumer', '--bootstrap-server', bootstrap, '--topic', SIG, '--from-beginning', '-e']);
    expect(c.stdout).toBe('one\ntwo\nthree\n');
  });

  it('the consumer prints its count, removes its temporary group and exits 130', async () => {
    const before = new Set((await admin.listGroups()).groups.map((g) => g.groupId));
    const c = startCli(['console-consumer', '--bootstrap-server', bootstrap, '--topic', SIG, '--from-beginning']);
    await waitFor(() => c.out().split('\n').filter(Boolean).length >= 3);
    const fresh = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => !before.has(g) && g.startsWith('kafka-lab-console-consumer'));
    // other test files run consumers at the same time: keep the new group that was assigned this topic
    const described = fresh.length ? (await admin.describeGroups(fresh)).groups : [];
    const temp = described
      .filter((g) => g.members.some((m) => Object.keys(AssignerProtocol.MemberAssignment.decode(m.memberAssignment)?.assignment ?? {}).includes(SIG)))
      .map((g) => g.groupId);
    expect(temp).toHaveLength(1);
    c.child.kill('SIGINT');
    expect(await c.exited).toBe(130);
    expect(c.err()).toContain('Processed a total of 3 messages');
    const after = (await admin.listGroups()).groups.map((g) => g.groupId);
    expect(after).not.toContain(temp[0]);
  });
});
