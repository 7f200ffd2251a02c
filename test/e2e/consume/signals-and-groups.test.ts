import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readlinkSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BIN } from '../../helpers/cli.js';
import { createTopic, describeGroup, groupsTouching, javaProduce, offsetsOf, removeTopics } from '../../helpers/client.js';
import { runKafkaTool } from '../../helpers/kafka.js';

const bootstrap = inject('bootstrap');
const uid = randomBytes(3).toString('hex');
const SHARED = `cs-shared-${uid}`;
const SIG = `cs-sig-${uid}`;
const PIPE = `cs-pipe-${uid}`;

beforeAll(async () => {
  await Promise.all([createTopic(bootstrap, SHARED, { partitions: 2 }), createTopic(bootstrap, SIG), createTopic(bootstrap, PIPE)]);
});

/** processes this file started (a shell pipeline as its own process group): killed by pid if a test failed midway */
const started: { pid: number; group: boolean }[] = [];

afterAll(async () => {
  for (const { pid, group } of started) {
    try {
      process.kill(group ? -pid : pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await removeTopics(bootstrap, [SHARED, SIG, PIPE]).catch(() => {});
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts the CLI with stdin left open, so the test can type and send signals. */
function startCli(args: string[]) {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['pipe', 'pipe', 'pipe'] });
  started.push({ pid: child.pid!, group: false });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
  const exited = new Promise<number>((resolve) => child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : -1))));
  return { child, exited, out: () => stdout, err: () => stderr };
}

/** True once the process has a network socket open (Linux: /proc/PID/fd; 0-2 are its stdio socketpairs). */
function hasSocket(pid: number): boolean {
  const dir = `/proc/${pid}/fd`;
  return readdirSync(dir).some((fd) => {
    if (Number(fd) <= 2) return false;
    try {
      return readlinkSync(`${dir}/${fd}`).startsWith('socket:');
    } catch {
      return false;
    }
  });
}

async function waitFor(cond: () => Promise<boolean> | boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    // a group not created yet (or its coordinator still loading) answers with an error: not yet
    if (
      await Promise.resolve()
        .then(cond)
        .catch(() => false)
    )
      return;
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
      const d = await describeGroup(bootstrap, group);
      return d.state === 'Stable' && d.members.length === 1;
    });
    const ours = startCli(['console-consumer', '--bootstrap-server', bootstrap, '--topic', SHARED, '--group', group, '--timeout-ms', '5000']);
    let assignments: number[][] = [];
    await waitFor(async () => {
      const d = await describeGroup(bootstrap, group);
      if (d.state !== 'Stable' || d.members.length !== 2) return false;
      expect(d.protocol).toBe('range');
      assignments = d.members.map((m) => m.assignment.get(SHARED) ?? []);
      return true;
    });
    // one partition each, together both
    expect(assignments.map((a) => a.length)).toEqual([1, 1]);
    expect(assignments.flat().sort()).toEqual([0, 1]);
    expect(await ours.exited).toBe(0);
    await java;
  });
});

describe('output', () => {
  it('stops quietly when stdout is closed (| head -1)', async () => {
    const t = PIPE;
    await javaProduce(
      bootstrap,
      t,
      Array.from({ length: 5000 }, (_, i) => ({ value: `record-${i}-${'x'.repeat(100)}` })),
    );
    const sh = spawn('sh', ['-c', `"${process.execPath}" "${BIN}" console-consumer --bootstrap-server ${bootstrap} --topic ${t} --from-beginning | head -1`], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
      detached: true,
    });
    started.push({ pid: sh.pid!, group: true });
    let out = '';
    let err = '';
    sh.stdout.setEncoding('utf8').on('data', (d) => (out += d));
    sh.stderr.setEncoding('utf8').on('data', (d) => (err += d));
    const start = Date.now();
    await new Promise((r) => sh.on('close', r));
    expect(out).toBe(`record-0-${'x'.repeat(100)}\n`);
    expect(Date.now() - start).toBeLessThan(15_000);
    expect(err).not.toMatch(/EPIPE|\n\s+at /);
  });
});

describe('Ctrl-C', () => {
  it('the producer flushes what it read, reports counts and exits 130', async () => {
    const p = startCli(['console-producer', '--bootstrap-server', bootstrap, '--topic', SIG, '--timeout', '60000']);
    p.child.stdin.write('one\ntwo\nthree\n');
    // connected (a TCP socket is open: the SIGINT handler comes right after), then time to read
    // the three lines, which it holds in its (60 s) linger
    await waitFor(() => hasSocket(p.child.pid!), 30_000);
    await sleep(2500);
    p.child.kill('SIGINT');
    expect(await p.exited).toBe(130);
    expect(p.err()).toContain('3 records sent');
    // read back by Kafka's console consumer: the three lines, once each, in order
    const c = await runKafkaTool('org.apache.kafka.tools.consumer.ConsoleConsumer', [
      '--bootstrap-server',
      bootstrap,
      '--topic',
      SIG,
      '--from-beginning',
      '--max-messages',
      '3',
      '--timeout-ms',
      '30000',
    ]);
    expect(c.stdout).toBe('one\ntwo\nthree\n');
    expect((await offsetsOf(bootstrap, SIG)).get(0)!.high).toBe(3);
  });

  it('the consumer prints its count, creates no group and exits 130', async () => {
    const c = startCli(['console-consumer', '--bootstrap-server', bootstrap, '--topic', SIG, '--from-beginning']);
    await waitFor(() => c.out().split('\n').filter(Boolean).length >= 3);
    // reading by assignment: no group has a member on this topic or an offset for it, neither now nor after
    expect(await groupsTouching(bootstrap, SIG)).toEqual([]);
    c.child.kill('SIGINT');
    expect(await c.exited).toBe(130);
    expect(c.err()).toContain('Processed a total of 3 messages');
    expect(c.out()).toBe('one\ntwo\nthree\n');
    expect(await groupsTouching(bootstrap, SIG)).toEqual([]);
  });
});
