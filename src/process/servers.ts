/**
 * The process table of kafka-lab: one JSON pid file per server in runDir(), of any kind
 * (brokers, ZooKeeper, Connect workers, databases ...; see kinds.ts). Servers are found and
 * stopped only through these files, never by searching every java process (Kafka's stop
 * scripts before 3.7 stopped every broker on the host).
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerRecord, StopResult } from '../engine/engine.js';
import { runDir } from '../paths.js';
import { serverKind } from './kinds.js';
import { currentEnv } from '../output/io.js';
import { warn } from '../output/output.js';

export type ListedServer = ServerRecord & { alive: boolean; pidFile: string };

export function pidFileName(record: ServerRecord): string {
  return serverKind(record.role).pidFileName(record);
}

/** What messages call a server: "Kafka broker 1", "ZooKeeper", "PostgreSQL". */
export function serverLabel(record: ServerRecord): string {
  return serverKind(record.role).label(record);
}

export function writeServerRecord(record: ServerRecord, env: NodeJS.ProcessEnv = currentEnv()): string {
  const dir = runDir(env);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, pidFileName(record));
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(record, null, 2)}\n`);
  renameSync(tmp, file); // readers never see a half-written file
  return file;
}

export function removePidFile(pidFile: string): void {
  rmSync(pidFile, { force: true });
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The NUL-separated argv of a process, or undefined where /proc is not available. */
function procCmdline(pid: number): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      .split('\0')
      .filter((s) => s.length > 0);
  } catch {
    return undefined;
  }
}

/**
 * True when the pid is still the server of this record: alive, and (where /proc exists) a
 * process its kind recognises (e.g. java started with this config file). A pid reused by
 * another program is not ours.
 */
export function isRecordAlive(record: ServerRecord): boolean {
  if (!Number.isInteger(record.pid) || record.pid <= 0 || !pidExists(record.pid)) return false;
  const argv = procCmdline(record.pid);
  if (argv === undefined) return process.platform !== 'linux';
  return serverKind(record.role).recognise(argv, record);
}

function readRecord(file: string): ServerRecord | undefined {
  try {
    const r = JSON.parse(readFileSync(file, 'utf8')) as ServerRecord;
    return typeof r.pid === 'number' && typeof r.role === 'string' ? r : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Every server kafka-lab started (from its pid files). Stale files (process gone or pid
 * reused) are removed unless keepStale is set, and are reported with alive=false.
 */
export async function listServers(env: NodeJS.ProcessEnv = currentEnv(), opts: { keepStale?: boolean } = {}): Promise<ListedServer[]> {
  const dir = runDir(env);
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  } catch {
    return [];
  }
  const result: ListedServer[] = [];
  for (const f of files.sort()) {
    const pidFile = join(dir, f);
    const record = readRecord(pidFile);
    if (!record) {
      if (!opts.keepStale) removePidFile(pidFile);
      continue;
    }
    const alive = isRecordAlive(record);
    if (!alive && !opts.keepStale) removePidFile(pidFile);
    result.push({ ...record, alive, pidFile });
  }
  return result;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitGone(record: ServerRecord, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (!isRecordAlive(record)) return true;
    await sleep(100);
  }
  return !isRecordAlive(record);
}

export interface StopServerOptions {
  /** ms to wait after the stop signal before SIGKILL (default: the kind's) */
  timeoutMs?: number;
  onWarning?: (message: string) => void;
  env?: NodeJS.ProcessEnv;
}

/**
 * Sends the kind's stop signal (SIGTERM: Kafka's controlled shutdown), waits, then SIGKILL
 * with a warning after the timeout. The pid file is removed in every case.
 */
export async function stopServer(record: ServerRecord & { pidFile?: string }, opts: StopServerOptions = {}): Promise<StopResult> {
  const start = Date.now();
  const kind = serverKind(record.role);
  const pidFile = record.pidFile ?? join(runDir(opts.env), pidFileName(record));
  const plain: ServerRecord = { ...record };
  delete (plain as { pidFile?: string }).pidFile;
  delete (plain as { alive?: boolean }).alive;
  const done = (outcome: StopResult['outcome']): StopResult => {
    removePidFile(pidFile);
    return { record: plain, outcome, ms: Date.now() - start };
  };
  if (!isRecordAlive(record)) return done('stale');
  try {
    process.kill(record.pid, kind.stop.signal);
  } catch {
    return done('stale');
  }
  const timeoutMs = opts.timeoutMs ?? kind.stop.timeoutMs;
  if (await waitGone(record, timeoutMs)) return done('stopped');
  (opts.onWarning ?? warn)(
    `${kind.label(record)} (pid ${record.pid}) did not stop within ${Math.round(timeoutMs / 1000)} s after ${kind.stop.signal}; sending SIGKILL`,
  );
  try {
    process.kill(record.pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
  await waitGone(record, 10_000);
  return done('killed');
}

/** Stops several servers at once (each one's shutdown is independent). */
export function stopServers(servers: (ServerRecord & { pidFile?: string })[], opts: StopServerOptions = {}): Promise<StopResult[]> {
  return Promise.all(servers.map((s) => stopServer(s, opts)));
}

/** Asks a server to stop (its kind's signal) without waiting: a foreground start forwards Ctrl-C this way. */
export function signalServer(record: ServerRecord, signal?: NodeJS.Signals): boolean {
  try {
    process.kill(record.pid, signal ?? serverKind(record.role).stop.signal);
    return true;
  } catch {
    return false; // already gone
  }
}
