/**
 * Ctrl-C pressed in a real terminal (a tmux pane), issue 12 #1: while a spinner or progress
 * shows, the terminal keeps ISIG (so the key becomes SIGINT), kafka-lab stops what it started,
 * exits 130, and no process it started is left (checked by pid, in /proc). Also here, on the
 * same lab: a completed cluster up prints narrow columns, another lab on the same ports is
 * named, and cluster down stops every broker within a few seconds (the controller last).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { expectError } from '../../helpers/expect-error.js';
import { freePort } from '../../helpers/kafka.js';
import { processesMentioning, runInTerminal, type TerminalRun } from '../../helpers/terminal.js';
import { freePortBlock, run } from '../../helpers/ports.js';

const bootstrap = inject('bootstrap');
const zookeeper = inject('zookeeper');
const tmp = mkdtempSync(join(tmpdir(), 'kafka-lab-ctrl-c-'));
const runDir = join(tmp, 'run');
const env = { KAFKA_LAB_RUN_DIR: runDir, LOG_DIR: join(tmp, 'logs') };
const cli = (args: string[], timeoutMs = 180_000) => runCli(args, { env, timeoutMs });
const lab = join(tmp, 'lab');
const otherLab = join(tmp, 'other-lab');
const terminals: TerminalRun[] = [];

function terminal(args: string[]): TerminalRun {
  const t = runInTerminal(args, env);
  terminals.push(t);
  return t;
}

/** The terminal's own settings while kafka-lab runs in it: Ctrl-C is a signal only with isig. */
function ttySettings(t: TerminalRun): string {
  const pid = t.pid();
  const tty = spawnSync('readlink', [`/proc/${pid}/fd/0`], { encoding: 'utf8' }).stdout.trim();
  return spawnSync('stty', ['-a', '-F', tty], { encoding: 'utf8' }).stdout;
}

const pidFiles = () => readdirSync(runDir).filter((f) => f.endsWith('.json'));

beforeAll(async () => {
  mkdirSync(runDir, { recursive: true });
  const base = await freePortBlock((b) => run(b, 3));
  for (const dir of [lab, otherLab]) {
    const r = await cli([
      'cluster-scaffold',
      '--brokers',
      '2',
      '--dir',
      dir,
      '--base-port',
      String(base),
      '--zookeeper-port',
      String(base + 2),
      '--heap',
      '384m',
    ]);
    expect(r.exitCode, r.stderr).toBe(0);
  }
});

afterAll(async () => {
  for (const t of terminals) t.close();
  await cli(['cluster', 'down', '--dir', lab]).catch(() => undefined);
  await cli(['server-stop', '--all']).catch(() => undefined);
  rmSync(tmp, { recursive: true, force: true });
});

describe.sequential('Ctrl-C in a real terminal (issue 12 #1)', () => {
  it('E75 cluster up: Ctrl-C while the spinner shows stops what was started and exits 130', async () => {
    const t = terminal(['cluster', 'up', '--dir', lab]);
    await t.waitFor('starting broker-1, broker-2');
    // the spinner leaves the terminal its signals (ora's raw mode had -isig: the key never became SIGINT)
    expect(ttySettings(t)).toMatch(/(^|\s)isig(\s|$)/m);
    t.ctrlC();
    expect(await t.exitCode()).toBe(130);
    expect(t.screen()).toContain('error: interrupted: stopped what had been started');
    expect(processesMentioning(lab)).toEqual([]);
    expect(pidFiles()).toEqual([]);
  });

  it('a completed cluster up prints narrow columns; another lab on its ports is named (E70); cluster down is quick', async () => {
    const up = await cli(['cluster', 'up', '--dir', lab]);
    expect(up.exitCode, up.stderr).toBe(0);
    expect(up.stdout).toMatch(/^NODE ID +ROLE +ADDRESS +PID +STATE +DATA DIR +LOG FILE$/m);
    // the table fits a terminal: paths relative to the lab folder (named once above it)
    const table = up.stdout.slice(up.stdout.indexOf('NODE ID'), up.stdout.indexOf('\n\n'));
    expect(Math.max(...table.split('\n').map((l) => l.length)), table).toBeLessThanOrEqual(100);

    const other = await cli(['cluster', 'up', '--dir', otherLab]);
    expectError(
      other,
      1,
      new RegExp(
        `^port \\d+ of zookeeper \\(${otherLab}/zookeeper\\.properties\\) is already in use by ZooKeeper \\(pid \\d+\\) started by kafka-lab from ${lab}/zookeeper\\.properties$`,
      ),
      `Another lab runs there: stop it first (kafka-lab cluster down --dir ${lab}), or scaffold this lab with another --base-port / --zookeeper-port.`,
    );

    const b = up.stdout.match(/^Bootstrap servers: (\S+)/m)![1]!;
    const topic = await cli(['topics', '--create', '--topic', 'replicated', '--partitions', '4', '--replication-factor', '2', '--bootstrap-server', b]);
    expect(topic.exitCode, topic.stderr).toBe(0);
    const down = await cli(['cluster', 'down', '--dir', lab]);
    expect(down.exitCode, down.stderr).toBe(0);
    // the last broker to go has nowhere to move its leaders: it used to retry its controlled shutdown for 10 s
    const seconds = [...down.stdout.matchAll(/stopped in ([\d.]+) s/g)].map((m) => Number(m[1]));
    expect(seconds, down.stdout).toHaveLength(3);
    for (const s of seconds) expect(s, down.stdout).toBeLessThan(6);
    expect(processesMentioning(lab)).toEqual([]);
  });

  it('E76 server-start -daemon: Ctrl-C while it waits for the broker stops the broker and exits 130', async () => {
    const port = await freePort();
    const config = join(tmp, 'broker.properties');
    // its own chroot on the shared ZooKeeper: a cluster of its own that the other tests never see
    writeFileSync(
      config,
      `broker.id=77\nlisteners=PLAINTEXT://127.0.0.1:${port}\nlog.dirs=${join(tmp, 'broker-logs')}\nzookeeper.connect=${zookeeper}/ctrl-c-${port}\noffsets.topic.replication.factor=1\n`,
    );
    const t = terminal(['server-start', '-daemon', config, '--heap', '384m']);
    await t.waitFor(/waiting for broker 77 \(pid \d+\) to be ready/);
    expect(ttySettings(t)).toMatch(/(^|\s)isig(\s|$)/m);
    t.ctrlC();
    expect(await t.exitCode()).toBe(130);
    expect(t.screen()).toMatch(/error: interrupted: broker 77 \(pid \d+\) was stopped before it was ready/);
    expect(processesMentioning(config)).toEqual([]);
    expect(pidFiles()).toEqual([]);
  });

  it("producer-perf-test: Kafka's progress lines show on a terminal, and Ctrl-C ends the run with 130", async () => {
    const topic = `ctrl-c-perf-${Date.now()}`;
    expect((await cli(['topics', '--create', '--topic', topic, '--bootstrap-server', bootstrap])).exitCode).toBe(0);
    const t = terminal([
      'producer-perf-test',
      '--topic',
      topic,
      '--num-records',
      '10000000',
      '--record-size',
      '100',
      '--throughput',
      '500',
      '--bootstrap-server',
      bootstrap,
    ]);
    // the 5-second progress line, not hidden behind the spinner (issue 12 #15)
    await t.waitFor(/\d+ records sent, [\d.]+ records\/sec \([\d.]+ MB\/sec\), [\d.]+ ms avg latency, [\d.]+ ms max latency\./, 60_000);
    t.ctrlC();
    expect(await t.exitCode()).toBe(130);
    // the summary of what was sent, with Kafka's percentiles
    expect(t.screen()).toMatch(/\d+ records sent, [\d.]+ records\/sec .* ms 99\.9th\./);
    expect(processesMentioning(topic)).toEqual([]);
  });

  it('consumer-perf-test: Ctrl-C while it waits for records exits 130', async () => {
    const topic = `ctrl-c-cperf-${Date.now()}`;
    expect((await cli(['topics', '--create', '--topic', topic, '--bootstrap-server', bootstrap])).exitCode).toBe(0);
    const t = terminal(['consumer-perf-test', '--topic', topic, '--messages', '1000000', '--timeout', '600000', '--bootstrap-server', bootstrap]);
    await t.waitFor('start.time, end.time');
    t.ctrlC();
    expect(await t.exitCode()).toBe(130);
    expect(processesMentioning(topic)).toEqual([]);
  });

  it('the demo: Ctrl-C while it starts the lab tears it down and exits 130', async () => {
    const demoDir = join(tmp, 'demo');
    const t = terminal(['demo', '--dir', demoDir, '--heap', '256m', '--records', '100']);
    await t.waitFor('$ kafka-lab cluster up', 120_000);
    // let the lab's processes start, then interrupt
    await new Promise((r) => setTimeout(r, 4000));
    t.ctrlC();
    expect(await t.exitCode(120_000)).toBe(130);
    expect(t.screen()).toContain('interrupted: tearing the lab down');
    expect(processesMentioning(demoDir)).toEqual([]);
  });
});
