/**
 * `kafka-lab connect top`: per connector and task its state, records in/out (totals and per
 * second), errors, the lag of sink connectors, and the worker's heap and RSS. States come from
 * the REST API, numbers from the worker's JMX metrics over Jolokia, RSS from /proc, lag from
 * the brokers. Live on a terminal; `--output json` prints one snapshot for scripts.
 */
import { readFileSync } from 'node:fs';
import type { ConnectWorkerRecord } from '../engine/index.js';
import { colour, currentIo, out, renderJson, setExitCode, type OutputFormat, write } from '../output/output.js';
import { type GroupLag, sinkGroupId, sinkLag } from './lag.js';
import { parseRss, readWorkerMetrics, type WorkerMetrics } from './jolokia.js';
import { columns, traceSummary } from './present.js';
import type { ConnectClient } from './rest.js';
import type { ExpandedConnectors } from './types.js';

export interface LocalWorker {
  pid: number;
  jolokiaPort?: number;
  bootstrapServers?: string;
}

export interface TaskRow {
  id: number;
  state: string;
  workerId: string;
  recordsIn: number | null;
  recordsOut: number | null;
  inPerSec: number | null;
  outPerSec: number | null;
  errors: number | null;
  error?: string;
}

export interface ConnectorRow {
  name: string;
  type: string;
  state: string;
  tasks: TaskRow[];
  /** sink connectors: the lag of their consumer group */
  lag: { group: string; total: number } | null;
}

export interface TopSnapshot {
  url: string;
  version: string;
  sampledAt: string;
  worker: { pid: number; rssBytes: number | null; heapUsedBytes: number | null; heapMaxBytes: number | null } | null;
  connectors: ConnectorRow[];
  /** why some numbers are missing (no Jolokia agent, brokers unreachable ...) */
  notes: string[];
}

/** The pid file of a running worker kafka-lab started whose REST port is the URL's port. */
export async function findLocalWorker(url: string): Promise<LocalWorker | undefined> {
  let port: string;
  try {
    const u = new URL(url);
    port = u.port || (u.protocol === 'https:' ? '443' : '80');
  } catch {
    return undefined;
  }
  const { listServers } = await import('../engine/index.js');
  const w = (await listServers()).find((s) => s.role === 'connect' && s.alive && s.address.replace(/^.*:/, '') === port) as
    | (ConnectWorkerRecord & { alive: boolean })
    | undefined;
  return w ? { pid: w.pid, jolokiaPort: w.jolokiaPort, bootstrapServers: w.bootstrapServers } : undefined;
}

interface Previous {
  at: number;
  totals: Map<string, { in: number; out: number }>;
}

/** Builds a snapshot from what was read; rates from the change since the previous one, else the worker's own rates. */
export function buildSnapshot(input: {
  url: string;
  version: string;
  now: number;
  expanded: ExpandedConnectors;
  metrics?: WorkerMetrics;
  worker?: LocalWorker;
  rssBytes?: number;
  lags: Map<string, GroupLag>;
  previous?: Previous;
  notes: string[];
}): { snapshot: TopSnapshot; previous: Previous } {
  const { metrics, previous } = input;
  const totals = new Map<string, { in: number; out: number }>();
  const connectors: ConnectorRow[] = Object.keys(input.expanded)
    .sort()
    .map((name) => {
      const e = input.expanded[name]!;
      const type = e.status?.type ?? e.info?.type ?? 'unknown';
      const tasks: TaskRow[] = [...(e.status?.tasks ?? [])]
        .sort((a, b) => a.id - b.id)
        .map((t) => {
          const m = metrics?.tasks.find((x) => x.connector === name && x.task === t.id);
          const err = metrics?.errors.find((x) => x.connector === name && x.task === t.id);
          const key = `${name}\0${t.id}`;
          let inPerSec: number | null = m ? m.inRate : null;
          let outPerSec: number | null = m ? m.outRate : null;
          if (m) {
            totals.set(key, { in: m.recordsIn, out: m.recordsOut });
            const before = previous?.totals.get(key);
            if (before && previous && input.now > previous.at) {
              const secs = (input.now - previous.at) / 1000;
              inPerSec = Math.max(0, (m.recordsIn - before.in) / secs);
              outPerSec = Math.max(0, (m.recordsOut - before.out) / secs);
            }
          }
          return {
            id: t.id,
            state: t.state,
            workerId: t.worker_id,
            recordsIn: m ? m.recordsIn : null,
            recordsOut: m ? m.recordsOut : null,
            inPerSec,
            outPerSec,
            errors: err ? err.totalErrors : null,
            ...(t.trace ? { error: traceSummary(t.trace) } : {}),
          };
        });
      const group = type === 'sink' ? sinkGroupId(name, e.info?.config) : undefined;
      const lag = group ? input.lags.get(group) : undefined;
      return { name, type, state: e.status?.connector.state ?? 'UNKNOWN', tasks, lag: lag ? { group: lag.group, total: lag.total } : null };
    });
  const worker = input.worker
    ? {
        pid: input.worker.pid,
        rssBytes: input.rssBytes ?? null,
        heapUsedBytes: metrics?.heapUsed ?? null,
        heapMaxBytes: metrics?.heapMax ?? null,
      }
    : null;
  return {
    snapshot: { url: input.url, version: input.version, sampledAt: new Date(input.now).toISOString(), worker, connectors, notes: input.notes },
    previous: { at: input.now, totals },
  };
}

const mib = (b: number | null) => (b === null ? '-' : `${Math.round(b / 1048576)} MiB`);
const n = (v: number | null) => (v === null ? '-' : String(v));
const rate = (v: number | null) => (v === null ? '-' : v >= 100 ? String(Math.round(v)) : v.toFixed(1));

/** The screen of connect top (no colour here; the caller may add it). */
export function topText(s: TopSnapshot, intervalMs: number): string {
  const lines = [`${s.url}  Kafka Connect ${s.version}  ${s.sampledAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}  every ${intervalMs / 1000} s`];
  if (s.worker) lines.push(`worker pid ${s.worker.pid}  heap ${mib(s.worker.heapUsedBytes)} of ${mib(s.worker.heapMaxBytes)}  RSS ${mib(s.worker.rssBytes)}`);
  lines.push('');
  const rows: string[][] = [['CONNECTOR', 'TASK', 'TYPE', 'STATE', 'IN', 'OUT', 'IN/S', 'OUT/S', 'ERRORS', 'LAG']];
  for (const c of s.connectors) {
    rows.push([c.name, '-', c.type, c.state, '', '', '', '', '', c.lag ? String(c.lag.total) : c.type === 'sink' ? '-' : '']);
    for (const t of c.tasks) rows.push(['', String(t.id), '', t.state, n(t.recordsIn), n(t.recordsOut), rate(t.inPerSec), rate(t.outPerSec), n(t.errors), '']);
  }
  if (s.connectors.length === 0) lines.push('no connectors on this worker');
  else lines.push(columns(rows));
  for (const c of s.connectors) for (const t of c.tasks) if (t.error) lines.push(`${c.name} task ${t.id}: ${t.error}`);
  for (const note of s.notes) lines.push(`note: ${note}`);
  return lines.join('\n');
}

export interface TopRunOptions {
  intervalMs: number;
  iterations?: number;
  format?: OutputFormat;
  bootstrapServer?: string;
  timeoutMs: number;
}

async function sample(client: ConnectClient, opts: TopRunOptions, previous: Previous | undefined, version: string) {
  const notes: string[] = [];
  const worker = await findLocalWorker(client.url);
  const expanded = await client.expanded();
  let metrics: WorkerMetrics | undefined;
  let rssBytes: number | undefined;
  if (!worker) notes.push('this worker was not started by kafka-lab here: records, heap and RSS need its Jolokia agent (states come from REST)');
  else {
    if (worker.jolokiaPort) metrics = await readWorkerMetrics(worker.jolokiaPort);
    if (!metrics) notes.push('the worker metrics (Jolokia agent) did not answer');
    try {
      rssBytes = parseRss(readFileSync(`/proc/${worker.pid}/status`, 'utf8'));
    } catch {
      /* no /proc */
    }
  }
  let lags = new Map<string, GroupLag>();
  const sinks = Object.entries(expanded).filter(([, e]) => (e.status?.type ?? e.info?.type) === 'sink');
  const bootstrap = opts.bootstrapServer ?? worker?.bootstrapServers;
  if (sinks.length > 0) {
    try {
      lags = await sinkLag(
        { bootstrapServer: bootstrap, timeout: opts.timeoutMs },
        sinks.map(([name, e]) => sinkGroupId(name, e.info?.config)),
      );
    } catch (err) {
      notes.push(`sink lag unavailable: ${(err as Error).message}`);
    }
  }
  return buildSnapshot({ url: client.url, version, now: Date.now(), expanded, metrics, worker, rssBytes, lags, previous, notes });
}

export async function runTop(client: ConnectClient, opts: TopRunOptions): Promise<void> {
  const version = (await client.info()).version;
  if (opts.format === 'json') {
    let previous: Previous | undefined;
    const count = opts.iterations ?? 1;
    for (let i = 0; i < count; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, opts.intervalMs));
      const r = await sample(client, opts, previous, version);
      previous = r.previous;
      out(count === 1 ? renderJson(r.snapshot) : JSON.stringify(r.snapshot));
    }
    return;
  }
  const live = currentIo().stdout.isTTY === true;
  const c = colour();
  let stopped = false;
  let wake: (() => void) | undefined;
  const onSigint = () => {
    stopped = true;
    wake?.();
  };
  process.on('SIGINT', onSigint);
  if (live) write('\x1b[?25l'); // hide the cursor while drawing
  try {
    let previous: Previous | undefined;
    for (let i = 0; !stopped && (opts.iterations === undefined || i < opts.iterations); i++) {
      if (i > 0) {
        await new Promise<void>((r) => {
          wake = r;
          setTimeout(r, opts.intervalMs);
        });
        if (stopped) break;
      }
      const r = await sample(client, opts, previous, version);
      previous = r.previous;
      const text = topText(r.snapshot, opts.intervalMs)
        .replace(/\b(FAILED)\b/g, c.red('$1'))
        .replace(/\b(RUNNING)\b/g, c.green('$1'))
        .replace(/\b(PAUSED|STOPPED|UNASSIGNED|RESTARTING)\b/g, c.yellow('$1'));
      if (live) write(`\x1b[H\x1b[2J${text}\n${c.dim('Ctrl-C to quit')}\n`);
      else out(`${text}\n`);
    }
  } finally {
    process.off('SIGINT', onSigint);
    if (live) write('\x1b[?25h');
  }
  if (stopped) setExitCode(130);
}
