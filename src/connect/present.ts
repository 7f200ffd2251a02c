/**
 * Pure presenters of the connect commands: what the Connect REST API answered, as aligned
 * text (the default, like kcctl), table data and JSON, plus the explanations of connector
 * state versus task state that users of Connect most often need.
 */
import type { TableData } from '../output/output.js';
import type { ConfigInfos, ConnectorInfo, ConnectorOffsets, ConnectorStatus, ExpandedConnectors, LoggerLevel, PluginInfo, WorkerInfo } from './types.js';

/** Left-aligned columns separated by two spaces (kcctl's style): header row first. */
export function columns(rows: string[][]): string {
  if (rows.length === 0) return '';
  const widths: number[] = [];
  for (const r of rows)
    r.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')).join('\n');
}

function labelled(pairs: [string, string][], indent = ''): string[] {
  const w = Math.max(...pairs.map(([k]) => k.length)) + 3;
  return pairs.map(([k, v]) => `${indent}${`${k}:`.padEnd(w)}${v}`);
}

export function infoText(url: string, i: WorkerInfo): string {
  return labelled([
    ['URL', url],
    ['Version', i.version],
    ['Commit', i.commit],
    ['Kafka cluster ID', i.kafka_cluster_id],
  ]).join('\n');
}

export function pluginsTable(plugins: PluginInfo[]): TableData {
  const sorted = [...plugins].sort((a, b) => a.type.localeCompare(b.type) || a.class.localeCompare(b.class));
  return { head: ['CLASS', 'TYPE', 'VERSION'], rows: sorted.map((p) => [p.class, p.type, p.version ?? '']) };
}

export function tableText(t: TableData): string {
  return columns([t.head, ...t.rows.map((r) => r.map((c) => (c === null || c === undefined ? '' : String(c))))]);
}

/** "0: RUNNING, 1: FAILED" */
export function taskStates(status: ConnectorStatus | undefined): string {
  if (!status || status.tasks.length === 0) return '-';
  return [...status.tasks]
    .sort((a, b) => a.id - b.id)
    .map((t) => `${t.id}: ${t.state}`)
    .join(', ');
}

export function listTable(expanded: ExpandedConnectors): TableData {
  const names = Object.keys(expanded).sort();
  return {
    head: ['NAME', 'TYPE', 'STATE', 'TASKS'],
    rows: names.map((n) => {
      const e = expanded[n]!;
      return [n, e.status?.type ?? e.info?.type ?? 'unknown', e.status?.connector.state ?? 'UNKNOWN', taskStates(e.status)];
    }),
  };
}

/** The line of a Java stack trace that says what went wrong: the first line, and the deepest "Caused by". */
export function traceSummary(trace: string | undefined): string | undefined {
  if (!trace) return undefined;
  const lines = trace.split(/\r?\n/).filter((l) => l.trim().length > 0);
  const first = lines[0]?.trim();
  const causes = lines.filter((l) => l.startsWith('Caused by: '));
  const root = causes[causes.length - 1]?.replace(/^Caused by: /, '').trim();
  const s = root && root !== first ? `${first} (caused by ${root})` : first;
  return s && s.length > 400 ? `${s.slice(0, 400)}…` : s;
}

export interface StatusExplanation {
  /** true when something needs the user's attention (a FAILED connector or task, no tasks) */
  problem: boolean;
  lines: string[];
}

/**
 * What a status means, in words: the connector's state is only about its Connector instance
 * (which plans the work); the records move in its tasks, each with a state of its own.
 */
export function explainStatus(s: ConnectorStatus): StatusExplanation {
  const name = s.name;
  const lines: string[] = [];
  const c = s.connector.state;
  const failed = s.tasks.filter((t) => t.state === 'FAILED').sort((a, b) => a.id - b.id);
  if (c === 'FAILED') {
    lines.push(`connector ${name} is FAILED: its Connector instance could not start, so no task runs.`);
    const why = traceSummary(s.connector.trace);
    if (why) lines.push(`  cause: ${why}`);
    lines.push(`  fix the cause, then: kafka-lab connect restart ${name}`);
    return { problem: true, lines };
  }
  if (failed.length > 0) {
    const which = failed.map((t) => `task ${t.id}`).join(', ');
    const running = s.tasks.length - failed.length;
    lines.push(
      `connector ${name} is ${c}, but ${which} ${failed.length === 1 ? 'is' : 'are'} FAILED: the connector state covers only the Connector instance; records move in tasks, and ${running === 0 ? 'no task runs' : `${running} of ${s.tasks.length} tasks still run${running === 1 ? 's' : ''}`}.`,
    );
    for (const t of failed) {
      const why = traceSummary(t.trace);
      if (why) lines.push(`  task ${t.id}: ${why}`);
    }
    lines.push(
      `  Connect never restarts a failed task by itself: kafka-lab connect restart ${name} --failed-only (the full trace: kafka-lab connect describe ${name} --trace)`,
    );
    return { problem: true, lines };
  }
  if (c === 'RUNNING' && s.tasks.length === 0) {
    lines.push(
      `connector ${name} is RUNNING with no tasks: nothing is copied. The connector may still be creating them, or its config gives them no work (e.g. a sink with no matching topics).`,
    );
    return { problem: true, lines };
  }
  if (c === 'PAUSED') lines.push(`connector ${name} is PAUSED: its tasks keep their assignment but copy nothing; kafka-lab connect resume ${name}`);
  else if (c === 'STOPPED')
    lines.push(`connector ${name} is STOPPED: no tasks exist until it is resumed (kafka-lab connect resume ${name}); offsets can be changed now.`);
  else if (c === 'UNASSIGNED') lines.push(`connector ${name} is UNASSIGNED: no worker runs it yet (starting, or the workers are rebalancing).`);
  const other = s.tasks.filter((t) => t.state !== c && t.state !== 'RUNNING');
  for (const t of other) lines.push(`task ${t.id} is ${t.state}`);
  return { problem: false, lines };
}

/** kcctl-style description: name, type, state, config, tasks (traces summarised unless asked for in full). */
export function describeText(info: ConnectorInfo, status: ConnectorStatus, opts: { trace?: boolean } = {}): string {
  const head: [string, string][] = [
    ['Name', info.name],
    ['Type', status.type ?? info.type ?? 'unknown'],
    ['State', status.connector.state],
    ['Worker ID', status.connector.worker_id],
  ];
  if (status.connector.trace && !opts.trace) head.push(['Error', traceSummary(status.connector.trace)!]);
  const out = labelled(head);
  if (status.connector.trace && opts.trace)
    out.push(
      'Trace:',
      ...status.connector.trace
        .trimEnd()
        .split('\n')
        .map((l) => `  ${l}`),
    );
  out.push('Config:');
  const keys = Object.keys(info.config).sort();
  out.push(
    ...labelled(
      keys.map((k) => [k, info.config[k]!]),
      '  ',
    ),
  );
  out.push('Tasks:');
  if (status.tasks.length === 0) out.push('  (none)');
  for (const t of [...status.tasks].sort((a, b) => a.id - b.id)) {
    out.push(`  ${t.id}:`);
    const rows: [string, string][] = [
      ['State', t.state],
      ['Worker ID', t.worker_id],
    ];
    if (t.trace && !opts.trace) rows.push(['Error', traceSummary(t.trace)!]);
    out.push(...labelled(rows, '    '));
    if (t.trace && opts.trace)
      out.push(
        '    Trace:',
        ...t.trace
          .trimEnd()
          .split('\n')
          .map((l) => `      ${l}`),
      );
  }
  const ex = explainStatus(status);
  if (ex.lines.length > 0) out.push('', ...ex.lines);
  return out.join('\n');
}

function compactJson(v: unknown): string {
  return v === null || v === undefined ? '-' : JSON.stringify(v);
}

export function offsetsTable(o: ConnectorOffsets): TableData {
  return { head: ['PARTITION', 'OFFSET'], rows: o.offsets.map((x) => [compactJson(x.partition), compactJson(x.offset)]) };
}

export function loggersTable(loggers: Record<string, LoggerLevel>): TableData {
  const names = Object.keys(loggers).sort((a, b) => (a === 'root' ? -1 : b === 'root' ? 1 : a.localeCompare(b)));
  return {
    head: ['LOGGER', 'LEVEL', 'LAST MODIFIED'],
    rows: names.map((n) => {
      const l = loggers[n]!;
      return [n, l.level, l.last_modified ? new Date(l.last_modified).toISOString() : '-'];
    }),
  };
}

export interface ConfigDiff {
  added: string[];
  changed: string[];
  removed: string[];
}

export function diffConfig(current: Record<string, string> | undefined, next: Record<string, string>): ConfigDiff {
  const cur = current ?? {};
  const added = Object.keys(next).filter((k) => !(k in cur));
  const changed = Object.keys(next).filter((k) => k in cur && cur[k] !== next[k]);
  const removed = Object.keys(cur).filter((k) => !(k in next));
  return { added: added.sort(), changed: changed.sort(), removed: removed.sort() };
}

/** The validate endpoint's answer: every value with errors, and what applying would change. */
export function dryRunText(
  name: string,
  connectorClass: string,
  v: ConfigInfos,
  current: Record<string, string> | undefined,
  next: Record<string, string>,
): string {
  const lines: string[] = [];
  const bad = v.configs.filter((c) => c.value.errors.length > 0);
  if (v.error_count === 0) lines.push(`config of ${name} is valid for ${connectorClass} (${v.configs.length} settings checked)`);
  else lines.push(`config of ${name} has ${v.error_count} error${v.error_count === 1 ? '' : 's'} (${connectorClass}):`);
  for (const c of bad) for (const e of c.value.errors) lines.push(`  ${c.value.name}: ${e}`);
  if (!current) lines.push(`dry run: would create connector ${name}`);
  else {
    const d = diffConfig(current, next);
    if (d.added.length + d.changed.length + d.removed.length === 0) lines.push(`dry run: connector ${name} exists with this config; nothing would change`);
    else {
      lines.push(`dry run: would update connector ${name}:`);
      for (const k of d.added) lines.push(`  + ${k}=${next[k]}`);
      for (const k of d.changed) lines.push(`  ~ ${k}: ${current[k]} -> ${next[k]}`);
      for (const k of d.removed) lines.push(`  - ${k}`);
    }
  }
  return lines.join('\n');
}

/** A connector is settled once it and all of its (at least one) tasks run, or something failed. */
export function settledState(s: ConnectorStatus): 'running' | 'failed' | 'pending' {
  if (s.connector.state === 'FAILED' || s.tasks.some((t) => t.state === 'FAILED')) return 'failed';
  if (s.connector.state === 'RUNNING' && s.tasks.length > 0 && s.tasks.every((t) => t.state === 'RUNNING')) return 'running';
  return 'pending';
}
