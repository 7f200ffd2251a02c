/**
 * `cluster down` and `cluster stop-broker`: brokers first (SIGTERM = controlled shutdown, in
 * parallel), then ZooKeeper; `--purge` removes the data directories afterwards.
 */
import { rmSync } from 'node:fs';
import { listServers, stopServer } from '../engine/index.js';
import type { LabFolder } from './lab.js';
import { labProcesses, recordOf, type LabProcess, type ProcessRow } from './processes.js';

export interface StopOptions {
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  onWarning?: (message: string) => void;
}

/** Stops the given lab processes that are running: brokers together, then ZooKeeper. */
export async function stopProcesses(procs: LabProcess[], opts: StopOptions = {}): Promise<ProcessRow[]> {
  const servers = await listServers(opts.env, { keepStale: true });
  const stopOne = async (p: LabProcess): Promise<ProcessRow> => {
    const r = recordOf(p, servers);
    if (!r) return { ...p, state: 'not running' };
    const result = await stopServer(r, { timeoutMs: opts.timeoutMs ?? 60_000, onWarning: opts.onWarning, env: opts.env });
    const state =
      result.outcome === 'stale'
        ? 'was not running (stale pid file removed)'
        : result.outcome === 'killed'
          ? `killed after ${Math.round(result.ms / 1000)} s`
          : `stopped in ${(result.ms / 1000).toFixed(1)} s`;
    return { ...p, pid: r.pid, logFile: r.logFile, state };
  };
  const brokers = await Promise.all(procs.filter((p) => p.role !== 'zookeeper').map(stopOne));
  const zk = await Promise.all(procs.filter((p) => p.role === 'zookeeper').map(stopOne));
  return [...brokers, ...zk];
}

export async function stopLab(lab: LabFolder, opts: StopOptions & { only?: number[] } = {}): Promise<ProcessRow[]> {
  const all = labProcesses(lab);
  const procs = opts.only ? all.filter((p) => p.nodeId !== undefined && opts.only!.includes(p.nodeId)) : all;
  return stopProcesses(procs, opts);
}

/** Deletes the data directories of the lab (brokers' log.dirs and ZooKeeper's dataDir). */
export function purgeLab(lab: LabFolder): string[] {
  const dirs = labProcesses(lab).map((p) => p.dataDir);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  return dirs;
}
