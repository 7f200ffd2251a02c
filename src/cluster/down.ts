/**
 * `cluster down` and `cluster stop-broker`: brokers first (SIGTERM = controlled shutdown, in
 * parallel), then ZooKeeper; `--purge` removes the data directories afterwards.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { listServers, stopServer } from '../engine/index.js';
import type { LabFolder } from './lab.js';
import { labProcesses, recordOf, type LabProcess, type ProcessRow } from './processes.js';

export interface StopOptions {
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  onWarning?: (message: string) => void;
}

/**
 * Stops the given lab processes that are running: brokers together, then ZooKeeper. With
 * `lastBroker` (the controller of a ZooKeeper-mode lab) that broker is stopped after the others:
 * a broker's controlled shutdown asks the controller to move its leaders, and when the
 * controller goes at the same time the request fails and the broker retries for ~10 s.
 */
export async function stopProcesses(procs: LabProcess[], opts: StopOptions & { lastBroker?: number } = {}): Promise<ProcessRow[]> {
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
  const brokers = procs.filter((p) => p.role !== 'zookeeper');
  const last = brokers.filter((p) => p.nodeId === opts.lastBroker && brokers.length > 1);
  const first = await Promise.all(brokers.filter((p) => !last.includes(p)).map(stopOne));
  const then = await Promise.all(last.map(stopOne));
  const zk = await Promise.all(procs.filter((p) => p.role === 'zookeeper').map(stopOne));
  const order = new Map(procs.map((p, i) => [p.name, i]));
  return [...[...first, ...then].sort((a, b) => order.get(a.name)! - order.get(b.name)!), ...zk];
}

/** The controller of a running ZooKeeper-mode lab, asked within ~2 s; undefined when nobody answers. */
async function zooKeeperModeController(lab: LabFolder, procs: LabProcess[]): Promise<number | undefined> {
  if (lab.manifest.mode !== 'zookeeper' || procs.filter((p) => p.role !== 'zookeeper').length < 2) return undefined;
  try {
    const { openClient } = await import('../client/connection.js');
    const commandConfig = lab.manifest.clientConfig ? join(lab.dir, lab.manifest.clientConfig) : undefined;
    const client = await openClient({ bootstrapServer: lab.manifest.bootstrapServers, commandConfig, timeout: 2000 });
    const meta = await client.metadata([]).finally(() => client.close());
    return meta.controllerId >= 0 ? meta.controllerId : undefined;
  } catch {
    return undefined;
  }
}

export async function stopLab(lab: LabFolder, opts: StopOptions & { only?: number[] } = {}): Promise<ProcessRow[]> {
  const all = labProcesses(lab);
  const procs = opts.only ? all.filter((p) => p.nodeId !== undefined && opts.only!.includes(p.nodeId)) : all;
  return stopProcesses(procs, { ...opts, lastBroker: await zooKeeperModeController(lab, procs) });
}

/** Deletes the data directories of the lab (brokers' log.dirs and ZooKeeper's dataDir). */
export function purgeLab(lab: LabFolder): string[] {
  const dirs = labProcesses(lab).map((p) => p.dataDir);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  return dirs;
}
