/**
 * The process table of the lab's other servers (PostgreSQL, MariaDB, HDFS, mosquitto): one JSON
 * pid file per server, found and stopped only through these files, like brokers. A record names
 * the argv entries its process was started with (`match`), so a pid reused by another program
 * is never taken for ours. Pid files live in runDir()/components so that the broker table
 * (src/process/servers.ts) never reads them.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KafkaLabError } from '../errors.js';
import { runDir } from '../paths.js';
import { relevantLogLines } from '../process/log-lines.js';
import { waitUntilReady } from '../process/readiness.js';

export type ComponentKind = 'postgres' | 'mariadb' | 'namenode' | 'datanode' | 'mosquitto';

/** What kafka-lab knows about a component server it started; persisted as a pid file (JSON). */
export interface ComponentRecord {
  kind: ComponentKind;
  pid: number;
  /** host:port clients use */
  address: string;
  /** the component's folder (data, config, logs) */
  dir: string;
  configFile: string;
  logFile: string;
  startedAt: string;
  /** argv entries the process was started with: all must still be there for the pid to be ours */
  match: string[];
}

export type ListedComponent = ComponentRecord & { alive: boolean; pidFile: string };

export interface ComponentStop {
  record: ComponentRecord;
  /** 'stopped' after the stop signal, 'killed' when SIGKILL was needed, 'stale' when the pid was already gone */
  outcome: 'stopped' | 'killed' | 'stale';
  ms: number;
}

export const KIND_LABELS: Record<ComponentKind, string> = {
  postgres: 'PostgreSQL',
  mariadb: 'MariaDB',
  namenode: 'HDFS NameNode',
  datanode: 'HDFS DataNode',
  mosquitto: 'mosquitto',
};

export function componentsRunDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(runDir(env), 'components');
}

export function componentPidFileName(r: Pick<ComponentRecord, 'kind' | 'address'>): string {
  return `${r.kind}-${r.address.replace(/^.*:/, '')}.json`;
}

function writeRecord(record: ComponentRecord, env: NodeJS.ProcessEnv): string {
  const dir = componentsRunDir(env);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, componentPidFileName(record));
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(record, null, 2)}\n`);
  renameSync(tmp, file); // readers never see a half-written file
  return file;
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function procCmdline(pid: number): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      .split('\0')
      .filter((s) => s.length > 0);
  } catch {
    return undefined;
  }
}

/** True when the pid is alive and (where /proc exists) still runs with the record's argv entries. */
export function isComponentAlive(record: Pick<ComponentRecord, 'pid' | 'match'>): boolean {
  if (!Number.isInteger(record.pid) || record.pid <= 0 || !pidExists(record.pid)) return false;
  const argv = procCmdline(record.pid);
  if (argv === undefined) return process.platform !== 'linux';
  if (argv.length === 0) return false; // zombie
  return record.match.every((m) => argv.includes(m));
}

/** Pids whose parent is `pid` (a server's helper processes), from /proc. */
export function childPids(pid: number): number[] {
  const result: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return result;
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      // the command name may hold spaces and parentheses: fields start after the last ')'
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === pid) result.push(Number(e));
    } catch {
      /* gone meanwhile */
    }
  }
  return result;
}

function readRecord(file: string): ComponentRecord | undefined {
  try {
    const r = JSON.parse(readFileSync(file, 'utf8')) as ComponentRecord;
    return typeof r.pid === 'number' && typeof r.kind === 'string' && Array.isArray(r.match) ? r : undefined;
  } catch {
    return undefined;
  }
}

/** Every component server kafka-lab started (optionally of some kinds); stale pid files are removed. */
export function listComponents(kinds?: ComponentKind[], env: NodeJS.ProcessEnv = process.env): ListedComponent[] {
  const dir = componentsRunDir(env);
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  } catch {
    return [];
  }
  const result: ListedComponent[] = [];
  for (const f of files.sort()) {
    const pidFile = join(dir, f);
    const record = readRecord(pidFile);
    if (!record) {
      rmSync(pidFile, { force: true });
      continue;
    }
    if (kinds && !kinds.includes(record.kind)) continue;
    const alive = isComponentAlive(record);
    if (!alive) rmSync(pidFile, { force: true });
    result.push({ ...record, alive, pidFile });
  }
  return result;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitGone(record: ComponentRecord, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (!isComponentAlive(record)) return true;
    await sleep(50);
  }
  return !isComponentAlive(record);
}

/**
 * Sends the component's stop signal (PostgreSQL: SIGINT, its fast shutdown; others SIGTERM),
 * waits, then SIGKILL after the timeout. The pid file is removed in every case.
 */
export async function stopComponent(
  record: ComponentRecord & { pidFile?: string },
  opts: { signal?: NodeJS.Signals; timeoutMs?: number; onWarning?: (m: string) => void; env?: NodeJS.ProcessEnv } = {},
): Promise<ComponentStop> {
  const start = Date.now();
  const pidFile = record.pidFile ?? join(componentsRunDir(opts.env), componentPidFileName(record));
  const plain: ComponentRecord = {
    kind: record.kind,
    pid: record.pid,
    address: record.address,
    dir: record.dir,
    configFile: record.configFile,
    logFile: record.logFile,
    startedAt: record.startedAt,
    match: record.match,
  };
  const done = (outcome: ComponentStop['outcome']): ComponentStop => {
    rmSync(pidFile, { force: true });
    return { record: plain, outcome, ms: Date.now() - start };
  };
  if (!isComponentAlive(record)) return done('stale');
  try {
    process.kill(record.pid, opts.signal ?? 'SIGTERM');
  } catch {
    return done('stale');
  }
  const timeoutMs = opts.timeoutMs ?? 30_000;
  if (await waitGone(record, timeoutMs)) return done('stopped');
  (opts.onWarning ?? ((m: string) => process.stderr.write(`warning: ${m}\n`)))(
    `${KIND_LABELS[record.kind]} (pid ${record.pid}) did not stop within ${Math.round(timeoutMs / 1000)} s; sending SIGKILL`,
  );
  try {
    process.kill(record.pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
  await waitGone(record, 10_000);
  return done('killed');
}

export interface LaunchOptions {
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** the record to persist once the process runs (pid is filled in) */
  record: Omit<ComponentRecord, 'pid' | 'startedAt'>;
  probe: () => Promise<boolean>;
  readyTimeoutMs: number;
  /** signal that stops it when it never became ready */
  stopSignal?: NodeJS.Signals;
  onProgress?: (text: string) => void;
  /** the hint when the program is not installed */
  missingHint: string;
}

/**
 * Starts a server detached, output appended to its log file, with a pid file; resolves once
 * the probe answers. A server that dies or is not ready in time is stopped and reported with
 * the relevant lines of its log, never left behind.
 */
export async function launchComponent(o: LaunchOptions): Promise<ComponentRecord> {
  const env = o.env ?? process.env;
  const label = KIND_LABELS[o.record.kind];
  const logOffset = existsSync(o.record.logFile) ? statSync(o.record.logFile).size : 0;
  const fd = openSync(o.record.logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(o.command, o.args, { detached: true, stdio: ['ignore', fd, fd], env });
  } finally {
    closeSync(fd);
  }
  let exitInfo: string | undefined;
  let spawnFailure: NodeJS.ErrnoException | undefined;
  child.on('error', (e: NodeJS.ErrnoException) => {
    spawnFailure = e;
    exitInfo = 'spawn failed';
  });
  child.on('exit', (code, signal) => {
    exitInfo = signal ? `killed by ${signal}` : `exit code ${code}`;
  });
  await new Promise((r) => setImmediate(r));
  if (spawnFailure || !child.pid) {
    const code = spawnFailure?.code ?? 'ENOENT';
    throw new KafkaLabError(code === 'ENOENT' ? `${o.command} not found` : `cannot start ${o.command}: ${code}`, { hint: o.missingHint });
  }
  const record: ComponentRecord = { ...o.record, pid: child.pid, startedAt: new Date().toISOString() };
  const pidFile = writeRecord(record, env);
  o.onProgress?.(`waiting for ${label} (pid ${record.pid}) to be ready`);
  const outcome = await waitUntilReady({ probe: o.probe, died: () => exitInfo, timeoutMs: o.readyTimeoutMs }).catch((err: unknown) => ({
    ready: false as const,
    reason: 'error' as const,
    detail: String(err),
  }));
  if (outcome.ready) {
    child.unref();
    return record;
  }
  if (outcome.reason === 'died') rmSync(pidFile, { force: true });
  else await stopComponent({ ...record, pidFile }, { signal: o.stopSignal, timeoutMs: 10_000, onWarning: () => {}, env });
  child.unref();
  const tail = readFrom(record.logFile, logOffset);
  throw new KafkaLabError(
    outcome.reason === 'died'
      ? `${label} exited while starting (${outcome.detail})`
      : `${label} was not ready within ${Math.round(o.readyTimeoutMs / 1000)} s and was stopped`,
    { hint: `The full log is in ${record.logFile}`, details: relevantLogLines(tail) },
  );
}

function readFrom(file: string, offset: number): string {
  try {
    const buf = readFileSync(file);
    return buf.subarray(Math.min(offset, buf.length)).toString('utf8');
  } catch {
    return '';
  }
}

/** The running record of a kind on a port, if any (for "already running" checks). */
export function runningOn(kind: ComponentKind, port: number, env: NodeJS.ProcessEnv = process.env): ListedComponent | undefined {
  return listComponents([kind], env).find((c) => c.alive && c.address.endsWith(`:${port}`));
}
