/** Tables and lines of cluster up / down / status for a data-lake lab (pure). */
import type { TableData } from '../output/output.js';
import type { PipelinesStatus } from './status.js';
import { tasksText } from './status.js';
import type { ConnectorOutcome, PipelineRow } from './up.js';

export function componentsTable(rows: PipelineRow[], resultHead = 'state'): TableData {
  return {
    head: ['process', 'what', 'address', 'pid', resultHead, 'log file'],
    rows: rows.map((r) => [r.name, r.what, r.address, r.pid, r.state, r.logFile]),
  };
}

export function connectorsUpTable(rows: ConnectorOutcome[]): TableData {
  return {
    head: ['worker', 'connector', 'applied', 'state', 'tasks'],
    rows: rows.map((r) => [r.worker, r.connector, r.result, r.state, r.tasks]),
  };
}

export function connectorsStatusTable(st: PipelinesStatus): TableData {
  const rows: (string | number | undefined)[][] = [];
  for (const w of st.workers) {
    if (!w.reachable) {
      rows.push([w.name, '-', '-', w.error === 'not running' ? 'worker not running' : `worker not reachable: ${w.error}`, '']);
      continue;
    }
    if (w.connectors.length === 0) rows.push([w.name, '-', '-', 'no connectors', '']);
    for (const c of w.connectors) rows.push([w.name, c.name, c.type, c.state, tasksText(c.tasks)]);
  }
  return { head: ['worker', 'connector', 'type', 'state', 'tasks'], rows };
}

export function dataTable(st: PipelinesStatus): TableData {
  const rows: (string | number | undefined)[][] = [];
  for (const t of st.topics) rows.push(['topic', t.name, t.control ? '-' : (t.records ?? '?'), t.role]);
  for (const t of st.tables)
    rows.push([
      'table',
      t.table,
      t.error ? '?' : t.exists ? t.records : 0,
      t.error
        ? t.error
        : t.exists
          ? `${t.dataFiles} Parquet file${t.dataFiles === 1 ? '' : 's'}, ${t.snapshots} commit${t.snapshots === 1 ? '' : 's'}${t.committedAt ? `, last ${new Date(t.committedAt).toISOString()}` : ''}`
          : 'not created yet (the first commit creates it)',
    ]);
  return { head: ['kind', 'name', 'records', 'notes'], rows };
}

/** Problems worth a line under the status tables: failed tasks, connectors without tasks, stopped processes. */
export function statusNotes(st: PipelinesStatus): string[] {
  const notes: string[] = [];
  for (const c of st.components) if (c.state !== 'running') notes.push(`${c.name} is ${c.state}`);
  for (const w of st.workers) {
    for (const c of w.connectors) {
      const failed = c.tasks.filter((t) => t.state === 'FAILED');
      if (failed.length > 0)
        notes.push(
          `connector ${c.name}: task ${failed.map((t) => t.id).join(', ')} FAILED; once the cause is fixed: kafka-lab connect restart ${c.name} --failed-only --url ${w.url}`,
        );
      else if (c.state === 'RUNNING' && c.tasks.length === 0) notes.push(`connector ${c.name} is RUNNING with no task: it moves no records`);
    }
  }
  return notes;
}
