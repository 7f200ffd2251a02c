/**
 * Starting a server process of any kind, the one way: as a daemon (detached, output to its
 * log file, a pid file, back once its probe says ready, stopped again when it is not) or in
 * the foreground (its own process group, lines streamed to the caller and the log file, the
 * pid file removed when it ends). Engines build the command line; this runs it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { KafkaLabError } from '../errors.js';
import type { RunningServer, ServerRecord } from '../engine/engine.js';
import { serverKind } from './kinds.js';
import { relevantLogLines } from './log-lines.js';
import { waitUntilReady } from './readiness.js';
import { removePidFile, stopServer, writeServerRecord } from './servers.js';
import { onStopSignals } from '../util/signals.js';

export const DEFAULT_READY_TIMEOUT_MS = 120_000;

export interface LaunchSpec {
  /** the program (a path or a name on PATH) and its arguments */
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd?: string;
  /** what the pid file will say; pid is filled in here, record.logFile receives the output */
  record: ServerRecord;
  daemon: boolean;
  /** how messages name it while it starts ("broker 1"); default: its kind's label */
  what?: string;
  /** daemon: when it is ready; default: its kind's probe */
  probe?: () => Promise<boolean>;
  readyTimeoutMs?: number;
  /** run as this user (needs root); PostgreSQL refuses to run as root */
  runAs?: string;
  /** daemon: progress texts while waiting (for a spinner) */
  onProgress?: (text: string) => void;
  /** foreground: receives each line the server prints (required there) */
  onLogLine?: (line: string) => void;
  /** the error for a program that cannot be started (not installed ...) */
  spawnError?: (err: NodeJS.ErrnoException) => KafkaLabError;
}

/** uid and gid of a user from /etc/passwd-formatted text. */
export function userIds(passwd: string, user: string): { uid: number; gid: number } | undefined {
  for (const line of passwd.split('\n')) {
    const f = line.split(':');
    if (f[0] === user && f.length >= 4) return { uid: Number(f[2]), gid: Number(f[3]) };
  }
  return undefined;
}

function identity(user: string | undefined): { uid?: number; gid?: number } {
  if (!user) return {};
  let passwd = '';
  try {
    passwd = readFileSync('/etc/passwd', 'utf8');
  } catch {
    /* handled below */
  }
  const ids = userIds(passwd, user);
  if (!ids)
    throw new KafkaLabError(`no user '${user}' on this machine`, { kind: 'not-found', hint: `Create it (useradd ${user}) or install the package that does.` });
  if (process.getuid?.() !== 0 && process.getuid?.() !== ids.uid)
    throw new KafkaLabError(`running a server as '${user}' needs root`, { kind: 'process', hint: `Run kafka-lab as root or as ${user}.` });
  return ids;
}

function defaultSpawnError(command: string) {
  return (err: NodeJS.ErrnoException) =>
    new KafkaLabError(`cannot start ${command}: ${err.code ?? err.message}`, { kind: 'process', hint: `Install it, or check that ${command} is on PATH.` });
}

const noPid = () => Object.assign(new Error('no pid'), { code: 'ENOENT' });
const INTERRUPTED = 'interrupted';

export async function launchServer(spec: LaunchSpec): Promise<RunningServer> {
  const kind = serverKind(spec.record.role);
  const record: ServerRecord = { ...spec.record, ...(spec.runAs ? { user: spec.runAs } : {}) };
  const what = spec.what ?? kind.label(record);
  const ids = identity(spec.runAs);
  const spawnError = spec.spawnError ?? defaultSpawnError(spec.command);
  const logOffset = existsSync(record.logFile) ? statSync(record.logFile).size : 0;

  if (spec.daemon) {
    // Ctrl-C while it starts: the detached server never sees the terminal's SIGINT, so stop it here
    let interrupted: NodeJS.Signals | undefined;
    const onInterrupt = (sig: NodeJS.Signals) => {
      interrupted ??= sig;
    };
    const offSignals = onStopSignals(onInterrupt);
    try {
      return await launchDaemon(spec, record, what, ids, spawnError, logOffset, () => interrupted);
    } finally {
      offSignals();
    }
  }
  return launchForeground(spec, record, ids, spawnError);
}

async function launchDaemon(
  spec: LaunchSpec,
  record: ServerRecord,
  what: string,
  ids: { uid?: number; gid?: number },
  spawnError: (err: NodeJS.ErrnoException) => KafkaLabError,
  logOffset: number,
  interrupted: () => NodeJS.Signals | undefined,
): Promise<RunningServer> {
  const fd = openSync(record.logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(spec.command, spec.args, { detached: true, stdio: ['ignore', fd, fd], env: spec.env, cwd: spec.cwd, ...ids });
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
  if (spawnFailure || !child.pid) throw spawnError(spawnFailure ?? noPid());
  record.pid = child.pid;
  const pidFile = writeServerRecord(record, spec.env);
  const timeoutMs = spec.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
  spec.onProgress?.(`waiting for ${what} (pid ${record.pid}) to be ready`);
  let outcome: Awaited<ReturnType<typeof waitUntilReady>>;
  try {
    outcome = await waitUntilReady({
      probe: spec.probe ?? (() => serverKind(record.role).probe(record)),
      died: () => (interrupted() ? INTERRUPTED : exitInfo),
      timeoutMs,
    });
  } catch (err) {
    // never leave a half-started server behind
    await stopServer({ ...record, pidFile }, { timeoutMs: 10_000, onWarning: () => {} });
    child.unref();
    throw err;
  }
  if (interrupted()) {
    spec.onProgress?.(`interrupted: stopping ${what} (pid ${record.pid})`);
    await stopServer({ ...record, pidFile }, { timeoutMs: 10_000, onWarning: () => {} });
    child.unref();
    throw new KafkaLabError(`interrupted: ${what} (pid ${record.pid}) was stopped before it was ready`, { kind: 'interrupted' });
  }
  if (outcome.ready) {
    child.unref();
    return { ...record };
  }
  if (outcome.reason === 'timeout') await stopServer({ ...record, pidFile }, { timeoutMs: 10_000, onWarning: () => {} });
  else removePidFile(pidFile);
  child.unref();
  throw new KafkaLabError(
    outcome.reason === 'died' ? `${what} exited while starting (${outcome.detail})` : `${what} was not ready within ${formatMs(timeoutMs)} and was stopped`,
    {
      kind: outcome.reason === 'died' ? 'process' : 'timeout',
      hint: `The full log is in ${record.logFile}`,
      details: relevantLogLines(readLogFrom(record.logFile, logOffset)),
    },
  );
}

/** A foreground server: its own process group so that only we decide how it is signalled. */
async function launchForeground(
  spec: LaunchSpec,
  record: ServerRecord,
  ids: { uid?: number; gid?: number },
  spawnError: (err: NodeJS.ErrnoException) => KafkaLabError,
): Promise<RunningServer> {
  const onLine = spec.onLogLine;
  if (!onLine) throw new Error('launchServer: a foreground start needs onLogLine');
  const child = spawn(spec.command, spec.args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: spec.env, cwd: spec.cwd, ...ids });
  const spawned = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
    child.once('spawn', () => resolve(undefined));
    child.once('error', (e: NodeJS.ErrnoException) => resolve(e));
  });
  if (spawned || !child.pid) throw spawnError(spawned ?? noPid());
  record.pid = child.pid;
  const pidFile = writeServerRecord(record, spec.env);
  const logFd = openSync(record.logFile, 'a');
  const pump = (stream: NodeJS.ReadableStream) => {
    let pending = '';
    stream.setEncoding('utf8');
    stream.on('data', (d: string) => {
      writeFileSync(logFd, d);
      pending += d;
      const parts = pending.split('\n');
      pending = parts.pop() ?? '';
      for (const p of parts) onLine(p);
    });
    stream.on('end', () => {
      if (pending) onLine(pending);
    });
  };
  pump(child.stdout!);
  pump(child.stderr!);
  const exited = new Promise<number>((resolve) => {
    child.on('close', (code, signal) => {
      closeSync(logFd);
      removePidFile(pidFile);
      resolve(code ?? (signal === 'SIGINT' ? 130 : signal === 'SIGKILL' ? 137 : 143));
    });
  });
  return { ...record, exited };
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
}

function readLogFrom(file: string, offset: number): string {
  try {
    const buf = readFileSync(file);
    return buf.subarray(Math.min(offset, buf.length)).toString('utf8');
  } catch {
    return '';
  }
}
