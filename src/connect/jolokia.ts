/**
 * Reading a worker's JMX metrics over the Jolokia JVM agent (HTTP/JSON on a loopback port
 * that kafka-lab chose when it started the worker): task metrics of Connect and heap usage.
 */

export interface TaskMetrics {
  connector: string;
  task: number;
  kind: 'source' | 'sink';
  /** source: polled from the system; sink: read from Kafka */
  recordsIn: number;
  /** source: written to Kafka; sink: put into the system */
  recordsOut: number;
  /** the worker's own windowed rates, per second */
  inRate: number;
  outRate: number;
}

export interface ErrorMetrics {
  connector: string;
  task: number;
  totalErrors: number;
  totalFailures: number;
  skipped: number;
}

export interface WorkerMetrics {
  tasks: TaskMetrics[];
  errors: ErrorMetrics[];
  heapUsed?: number;
  heapMax?: number;
  connectorCount?: number;
  taskCount?: number;
}

/** "kafka.connect:connector=a,task=0,type=source-task-metrics" → its key properties */
export function mbeanKeys(name: string): Record<string, string> {
  const i = name.indexOf(':');
  const out: Record<string, string> = {};
  for (const part of name.slice(i + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq)] = part.slice(eq + 1).replace(/^"|"$/g, '');
  }
  return out;
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

interface JolokiaResponse {
  request?: { mbean?: string };
  value?: unknown;
  status: number;
}

export const METRIC_REQUESTS = [
  { type: 'read', mbean: 'kafka.connect:type=source-task-metrics,connector=*,task=*' },
  { type: 'read', mbean: 'kafka.connect:type=sink-task-metrics,connector=*,task=*' },
  { type: 'read', mbean: 'kafka.connect:type=task-error-metrics,connector=*,task=*' },
  { type: 'read', mbean: 'kafka.connect:type=connect-worker-metrics' },
  { type: 'read', mbean: 'java.lang:type=Memory', attribute: 'HeapMemoryUsage' },
];

/** Turns Jolokia's answers to METRIC_REQUESTS into plain numbers (missing MBeans count as none). */
export function parseMetrics(responses: JolokiaResponse[]): WorkerMetrics {
  const m: WorkerMetrics = { tasks: [], errors: [] };
  const [source, sink, errors, worker, memory] = responses;
  const each = (r: JolokiaResponse | undefined, fn: (keys: Record<string, string>, attrs: Record<string, unknown>) => void) => {
    if (r?.status !== 200 || typeof r.value !== 'object' || r.value === null) return;
    for (const [name, attrs] of Object.entries(r.value as Record<string, Record<string, unknown>>)) fn(mbeanKeys(name), attrs ?? {});
  };
  each(source, (k, a) =>
    m.tasks.push({
      connector: k.connector ?? '',
      task: Number(k.task),
      kind: 'source',
      recordsIn: num(a['source-record-poll-total']),
      recordsOut: num(a['source-record-write-total']),
      inRate: num(a['source-record-poll-rate']),
      outRate: num(a['source-record-write-rate']),
    }),
  );
  each(sink, (k, a) =>
    m.tasks.push({
      connector: k.connector ?? '',
      task: Number(k.task),
      kind: 'sink',
      recordsIn: num(a['sink-record-read-total']),
      recordsOut: num(a['sink-record-send-total']),
      inRate: num(a['sink-record-read-rate']),
      outRate: num(a['sink-record-send-rate']),
    }),
  );
  each(errors, (k, a) =>
    m.errors.push({
      connector: k.connector ?? '',
      task: Number(k.task),
      totalErrors: num(a['total-record-errors']),
      totalFailures: num(a['total-record-failures']),
      skipped: num(a['total-records-skipped']),
    }),
  );
  if (worker?.status === 200 && typeof worker.value === 'object' && worker.value !== null) {
    const w = worker.value as Record<string, unknown>;
    m.connectorCount = num(w['connector-count']);
    m.taskCount = num(w['task-count']);
  }
  if (memory?.status === 200 && typeof memory.value === 'object' && memory.value !== null) {
    const h = memory.value as Record<string, unknown>;
    m.heapUsed = num(h.used);
    m.heapMax = num(h.max);
  }
  return m;
}

/** One bulk read from the agent at 127.0.0.1:port; undefined when it does not answer. */
export async function readWorkerMetrics(port: number, timeoutMs = 3000): Promise<WorkerMetrics | undefined> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/jolokia/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(METRIC_REQUESTS),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!res.ok) return undefined;
    return parseMetrics((await res.json()) as JolokiaResponse[]);
  } catch {
    return undefined;
  }
}

/** Resident set size of a process in bytes, from /proc/PID/status (VmRSS in kB). */
export function parseRss(procStatus: string): number | undefined {
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(procStatus);
  return m ? Number(m[1]) * 1024 : undefined;
}
