/**
 * `cluster down` of a data-lake lab: the reverse of up. The workers first (nothing writes to
 * the lake or reads the database after that), then mosquitto, HDFS (DataNode, then NameNode),
 * the database, and last the brokers and ZooKeeper (src/cluster/down.ts). Every process is
 * stopped by its pid; `--purge` also deletes what the components keep on disk.
 */
import { rmSync } from 'node:fs';
import type { LabFolder } from '../cluster/lab.js';
import { type StopOptions, purgeLab, stopLab, stopProcesses } from '../cluster/down.js';
import type { LabProcess, ProcessRow } from '../cluster/processes.js';
import { listServers, stopServer, type StopResult } from '../engine/index.js';
import { currentEnv } from '../output/io.js';
import { pipelineProcesses, type PipelineProcess, recordOfPipeline } from './processes.js';
import type { PipelineRow } from './up.js';

/** The stop order: each group stops together, groups one after the other. */
const STOP_ORDER: string[][] = [['connect-ingest', 'connect-lake'], ['mosquitto'], ['datanode'], ['namenode'], ['postgres', 'mariadb']];

function describe(result: StopResult): string {
  return result.outcome === 'stale'
    ? 'was not running (stale pid file removed)'
    : result.outcome === 'killed'
      ? `killed after ${Math.round(result.ms / 1000)} s`
      : `stopped in ${(result.ms / 1000).toFixed(1)} s`;
}

/** Stops the given component processes that run, in the lab's stop order. */
export async function stopPipelineProcesses(procs: PipelineProcess[], opts: StopOptions = {}): Promise<PipelineRow[]> {
  const env = opts.env ?? currentEnv();
  const servers = await listServers(env, { keepStale: true });
  const rows: PipelineRow[] = [];
  for (const group of STOP_ORDER) {
    const chosen = procs.filter((x) => group.includes(x.name));
    rows.push(
      ...(await Promise.all(
        chosen.map(async (x): Promise<PipelineRow> => {
          const r = recordOfPipeline(x, servers);
          if (!r) return { ...x, state: 'not running' };
          const result = await stopServer(r, { timeoutMs: opts.timeoutMs, onWarning: opts.onWarning, env });
          return { ...x, pid: r.pid, state: describe(result) };
        }),
      )),
    );
  }
  return rows;
}

export async function stopPipelinesLab(lab: LabFolder, opts: StopOptions = {}): Promise<{ components: PipelineRow[]; brokers: ProcessRow[] }> {
  const components = await stopPipelineProcesses(pipelineProcesses(lab.manifest.pipelines!), opts);
  const brokers = await stopLab(lab, opts);
  return { components, brokers };
}

/** What a failed or interrupted `cluster up` started: components first, then brokers. */
export async function stopStarted(started: { brokers: LabProcess[]; components: PipelineProcess[] }, env?: NodeJS.ProcessEnv): Promise<void> {
  await stopPipelineProcesses(started.components, { env });
  await stopProcesses(started.brokers, { env });
}

/** Deletes the data of the lab: brokers and ZooKeeper, the database, HDFS or the local warehouse, mosquitto's folder. */
export function purgePipelinesLab(lab: LabFolder): string[] {
  const p = lab.manifest.pipelines!;
  const dirs = [p.db.dir, ...(p.lake.hdfs ? [p.lake.hdfs.dir] : [p.lake.localDir!]), p.mqtt.dir];
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  return [...purgeLab(lab), ...dirs];
}
