/**
 * Helpers for the fault tests: a real 3-broker lab made with kafka-lab's own commands,
 * a paced console-producer run whose stderr tells which lines failed, and the accounting
 * (acknowledged / consumed / missing / duplicates) every fault test prints.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, runCli, type RunResult } from '../helpers/cli.js';
import { freePort } from '../helpers/kafka.js';

export interface Lab {
  root: string;
  dir: string;
  mode: 'zookeeper' | 'kraft';
  env: NodeJS.ProcessEnv;
  run(args: string[], opts?: { input?: string; timeoutMs?: number }): Promise<RunResult>;
  /** pids of every process kafka-lab recorded in the lab's run dir (pid files) */
  recordedPids(): number[];
  brokerPid(nodeId: number): number | undefined;
  /** cluster down, then SIGKILL whatever recorded pid is still alive; removes the temp dir */
  destroy(): Promise<number[]>;
}

/** A zombie (exited, not yet reaped by its new parent, e.g. a container's pid 1) counts as dead. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

export async function startLab(brokers = 3, mode: 'zookeeper' | 'kraft' = 'zookeeper'): Promise<Lab> {
  const root = mkdtempSync(join(tmpdir(), 'kafka-lab-fault-'));
  const dir = join(root, 'lab');
  const runDir = join(root, 'run');
  const env = { KAFKA_LAB_RUN_DIR: runDir, LOG_DIR: join(root, 'logs') };
  const run = (args: string[], opts: { input?: string; timeoutMs?: number } = {}) =>
    runCli(args, { env, cwd: dir, input: opts.input, timeoutMs: opts.timeoutMs ?? 120_000 });
  const pidFiles = (): { pid: number; nodeId?: number }[] => {
    try {
      return readdirSync(runDir)
        .filter((f) => f.endsWith('.json'))
        .map((f) => JSON.parse(readFileSync(join(runDir, f), 'utf8')) as { pid: number; nodeId?: number });
    } catch {
      return [];
    }
  };
  const seen = new Set<number>();
  const lab: Lab = {
    root,
    dir,
    mode,
    env,
    run,
    recordedPids: () => {
      for (const p of pidFiles()) seen.add(p.pid);
      return [...seen];
    },
    brokerPid: (nodeId) => pidFiles().find((p) => p.nodeId === nodeId)?.pid,
    async destroy() {
      lab.recordedPids();
      await run(['cluster', 'down'], { timeoutMs: 120_000 }).catch(() => undefined);
      const leftOver = [...seen].filter(isAlive);
      for (const pid of leftOver) process.kill(pid, 'SIGKILL');
      rmSync(root, { recursive: true, force: true });
      return leftOver;
    },
  };
  const basePort = await freePort();
  const zkPort = await freePort();
  const scaffold = await runCli(
    [
      'cluster-scaffold',
      '--brokers',
      String(brokers),
      '--dir',
      dir,
      '--base-port',
      String(basePort),
      '--heap',
      '384m',
      '--mode',
      mode,
      ...(mode === 'zookeeper' ? ['--zookeeper-port', String(zkPort)] : []),
    ],
    { env },
  );
  if (scaffold.exitCode !== 0) throw new Error(`cluster-scaffold failed:\n${scaffold.stdout}\n${scaffold.stderr}`);
  const up = await run(['cluster', 'up'], { timeoutMs: 180_000 });
  lab.recordedPids();
  if (up.exitCode !== 0) {
    await lab.destroy();
    throw new Error(`cluster up failed:\n${up.stdout}\n${up.stderr}`);
  }
  return lab;
}

export async function createReplicatedTopic(lab: Lab, topic: string): Promise<void> {
  const r = await lab.run(['topics', '--create', '--topic', topic, '--partitions', '3', '--replication-factor', '3', '--config', 'min.insync.replicas=2']);
  if (r.exitCode !== 0) throw new Error(`topic create failed: ${r.stderr}`);
}

export interface ProducerRun {
  exitCode: number;
  stderr: string;
  /** lines written to the producer's stdin (1..linesWritten) */
  linesWritten: number;
}

/**
 * Runs console-producer (acks=all by default) in the lab folder and feeds it numbered lines
 * 1..total in chunks, pausing between chunks so a fault can land mid-stream. `during` is
 * called once, after `faultAfter` lines were written.
 */
export async function producePaced(
  lab: Lab,
  topic: string,
  opts: {
    total: number;
    chunk?: number;
    pauseMs?: number;
    faultAfter: number;
    during: (child: { pid: number }) => void | Promise<void>;
    stopWritingAfterFault?: boolean;
  },
): Promise<ProducerRun> {
  const chunk = opts.chunk ?? 1000;
  const child = spawn(process.execPath, [BIN, 'console-producer', '--topic', topic, '--request-required-acks', 'all'], {
    cwd: lab.dir,
    env: { ...process.env, NO_COLOR: '1', ...lab.env },
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  const err: Buffer[] = [];
  child.stderr.on('data', (d: Buffer) => err.push(d));
  const closed = new Promise<number>((resolve) => child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : -1))));
  child.stdin.on('error', () => {});
  let written = 0;
  let faulted = false;
  let stdinOpen = true;
  child.on('close', () => (stdinOpen = false));
  while (written < opts.total && stdinOpen) {
    const end = Math.min(written + chunk, opts.total);
    let text = '';
    for (let i = written + 1; i <= end; i++) text += `${i}\n`;
    const ok = child.stdin.write(text);
    written = end;
    if (!ok) await new Promise((r) => child.stdin.once('drain', r));
    if (!faulted && written >= opts.faultAfter) {
      faulted = true;
      await opts.during({ pid: child.pid! });
      if (opts.stopWritingAfterFault) break;
    }
    await new Promise((r) => setTimeout(r, opts.pauseMs ?? 60));
  }
  if (stdinOpen) child.stdin.end();
  const exitCode = await closed;
  return { exitCode, stderr: Buffer.concat(err).toString('utf8'), linesWritten: written };
}

/** Line numbers the producer reported as failed: "line N" and "lines A-B" in its error lines. */
export function failedLines(stderr: string): Set<number> {
  const failed = new Set<number>();
  for (const line of stderr.split('\n')) {
    if (!/fail/i.test(line)) continue;
    for (const m of line.matchAll(/lines? (\d+)(?:\s*-\s*(\d+))?/g)) {
      const a = Number(m[1]);
      const b = m[2] ? Number(m[2]) : a;
      for (let i = a; i <= b; i++) failed.add(i);
    }
  }
  return failed;
}

/** Reads the whole topic with console-consumer (from the beginning, stops when idle). */
export async function consumeAll(lab: Lab, topic: string): Promise<string[]> {
  const r = await lab.run(['console-consumer', '--topic', topic, '--from-beginning', '--timeout-ms', '8000'], { timeoutMs: 180_000 });
  if (r.exitCode !== 0) throw new Error(`console-consumer failed (${r.exitCode}): ${r.stderr}`);
  return r.stdout.split('\n').filter((l) => l !== '');
}

export interface Accounting {
  sent: number;
  acknowledged: number;
  reportedFailed: number;
  consumed: number;
  missing: number[];
  duplicates: number;
}

/**
 * Every line 1..sent not reported as failed counts as acknowledged and must be in the topic;
 * a failed line may still appear (the broker wrote it, the ack was lost), that is allowed.
 */
export function account(sent: number, failed: Set<number>, consumedLines: string[]): Accounting {
  const counts = new Map<number, number>();
  for (const l of consumedLines) counts.set(Number(l), (counts.get(Number(l)) ?? 0) + 1);
  const missing: number[] = [];
  for (let i = 1; i <= sent; i++) if (!failed.has(i) && !counts.has(i)) missing.push(i);
  let duplicates = 0;
  for (const c of counts.values()) if (c > 1) duplicates += c - 1;
  return { sent, acknowledged: sent - failed.size, reportedFailed: failed.size, consumed: consumedLines.length, missing, duplicates };
}

export function summary(name: string, a: Accounting): string {
  return `[fault] ${name}: sent ${a.sent}, acknowledged ${a.acknowledged}, reported failed ${a.reportedFailed}, consumed ${a.consumed}, missing ${a.missing.length}, duplicates ${a.duplicates}`;
}

/** pids of live (non-zombie) processes whose command line mentions `text`, e.g. a lab folder */
export function pidsMentioning(text: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid) continue;
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(text) && isAlive(pid)) pids.push(pid);
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}

/**
 * console-producer (acks=all) fed from a file at full speed, as a user pipes one in. `when` is
 * polled while it runs; the first time it returns true, `fault` runs once.
 */
export async function produceFromFile(
  lab: Lab,
  topic: string,
  file: string,
  opts: { when?: () => Promise<boolean>; fault?: () => void | Promise<void> } = {},
): Promise<{ exitCode: number; stderr: string; ms: number; faultAtMs?: number }> {
  const { openSync, closeSync } = await import('node:fs');
  const fd = openSync(file, 'r');
  const started = Date.now();
  const child = spawn(process.execPath, [BIN, 'console-producer', '--topic', topic, '--request-required-acks', 'all'], {
    cwd: lab.dir,
    env: { ...process.env, NO_COLOR: '1', ...lab.env },
    stdio: [fd, 'ignore', 'pipe'],
  });
  closeSync(fd);
  const err: Buffer[] = [];
  child.stderr.on('data', (d: Buffer) => err.push(d));
  let done = false;
  const closed = new Promise<number>((resolve) =>
    child.on('close', (code, signal) => {
      done = true;
      resolve(code ?? (signal ? 128 : -1));
    }),
  );
  let faultAtMs: number | undefined;
  if (opts.when && opts.fault) {
    while (!done) {
      if (await opts.when()) {
        faultAtMs = Date.now() - started;
        await opts.fault();
        break;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  const exitCode = await closed;
  return { exitCode, stderr: Buffer.concat(err).toString('utf8'), ms: Date.now() - started, faultAtMs };
}
