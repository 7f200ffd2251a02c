/**
 * `cluster status` of a data-lake lab, beyond the brokers: every component process, every
 * connector and task of both workers with its state (a failed task's first trace line), how
 * many records each topic and each Iceberg table holds.
 */
import type { LabFolder } from '../cluster/lab.js';
import { ConnectClient } from '../connect/rest.js';
import { listServers } from '../engine/index.js';
import { currentEnv } from '../output/io.js';
import { readTableFacts, type TableFacts } from './lake.js';
import { pipelineProcesses, recordOfPipeline } from './processes.js';
import type { PipelineRow } from './up.js';

export interface TaskState {
  id: number;
  state: string;
  /** first line of the trace of a failed task */
  error?: string;
}

export interface ConnectorState {
  worker: string;
  name: string;
  type: string;
  state: string;
  tasks: TaskState[];
}

export interface WorkerState {
  name: string;
  url: string;
  reachable: boolean;
  error?: string;
  connectors: ConnectorState[];
}

export interface PipelinesStatus {
  components: PipelineRow[];
  workers: WorkerState[];
  topics: { name: string; role: string; control?: boolean; records?: number }[];
  tables: (TableFacts & { error?: string })[];
}

/** One line for a connector's tasks: "0: RUNNING", "0: FAILED (java.io.IOException: ...)". */
export function tasksText(tasks: TaskState[]): string {
  if (tasks.length === 0) return 'no tasks';
  return tasks.map((t) => `${t.id}: ${t.state}${t.error ? ` (${t.error})` : ''}`).join(', ');
}

export function firstTraceLine(trace: string | undefined): string | undefined {
  if (!trace) return undefined;
  // the cause is the most telling line: the last "Caused by:", else the first line
  const causes = trace.split('\n').filter((l) => l.startsWith('Caused by: '));
  const line = (causes.length > 0 ? causes[causes.length - 1]!.slice('Caused by: '.length) : trace.split('\n')[0]!).trim();
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}

async function workerState(name: string, url: string, timeoutMs: number): Promise<WorkerState> {
  const client = new ConnectClient({ url, timeoutMs });
  try {
    const expanded = await client.expanded();
    const connectors = Object.entries(expanded)
      .map(([cname, v]) => ({
        worker: name,
        name: cname,
        type: v.status?.type ?? v.info?.type ?? '?',
        state: v.status?.connector.state ?? '?',
        tasks: (v.status?.tasks ?? []).map((t) => ({ id: t.id, state: t.state, error: t.state === 'FAILED' ? firstTraceLine(t.trace) : undefined })),
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
    return { name, url, reachable: true, connectors };
  } catch (err) {
    return { name, url, reachable: false, error: (err as Error).message, connectors: [] };
  }
}

export async function pipelinesStatus(
  lab: LabFolder,
  opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number; brokersUp?: boolean } = {},
): Promise<PipelinesStatus> {
  const p = lab.manifest.pipelines!;
  const env = opts.env ?? currentEnv();
  const timeoutMs = opts.timeoutMs ?? 5000;
  const servers = await listServers(env, { keepStale: true });
  const components: PipelineRow[] = pipelineProcesses(p).map((x) => {
    const r = recordOfPipeline(x, servers);
    const state = !r ? 'stopped' : r.alive ? 'running' : `dead (stale pid ${r.pid})`;
    return { ...x, pid: r?.alive ? r.pid : undefined, state };
  });
  const running = (name: string) => components.find((c) => c.name === name)?.state === 'running';
  const workers = await Promise.all(
    p.workers.map((w) =>
      running(`connect-${w.name}`)
        ? workerState(w.name, w.restUrl, timeoutMs)
        : Promise.resolve<WorkerState>({ name: w.name, url: w.restUrl, reachable: false, error: 'not running', connectors: [] }),
    ),
  );
  const topics: PipelinesStatus['topics'] = p.topics.map((t) => ({ name: t.name, role: t.role, control: t.control }));
  if (opts.brokersUp) {
    try {
      const { openClient } = await import('../client/connection.js');
      const { watermarks, listTopicNames } = await import('../client/admin.js');
      const client = await openClient({ bootstrapServer: lab.manifest.bootstrapServers, timeout: timeoutMs });
      try {
        const names = new Set(await listTopicNames(client));
        const present = topics.filter((t) => names.has(t.name) && !t.control).map((t) => t.name);
        const marks = present.length > 0 ? await watermarks(client, present) : new Map();
        for (const t of topics) {
          if (!present.includes(t.name)) continue;
          let n = 0;
          for (const [k, w] of marks) if (k.split('\u0000')[0] === t.name) n += Number(w.high - w.low);
          t.records = n;
        }
      } finally {
        await client.close();
      }
    } catch {
      /* brokers unreachable: the broker part of status says so */
    }
  }
  const lakeUp = p.lake.kind === 'local' || running('namenode');
  const tables = await Promise.all(
    p.tables.map(async (t) => {
      if (!lakeUp) return { table: t.name, exists: false, records: 0, dataFiles: 0, snapshots: 0, error: 'HDFS is not running' };
      try {
        return await readTableFacts(p, t.name, timeoutMs);
      } catch (err) {
        return { table: t.name, exists: false, records: 0, dataFiles: 0, snapshots: 0, error: (err as Error).message };
      }
    }),
  );
  return { components, workers, topics, tables };
}
