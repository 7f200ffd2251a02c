/** The work behind server-stop and zookeeper-stop: choose servers from the pid files, stop them. */
import { KafkaLabError, UsageError } from '../errors.js';
import { readPropertiesFile } from '../config/properties.js';
import { listServers, serverLabel, stopServers, type ListedServer, type StopResult } from '../engine/index.js';

export interface BrokerSelection {
  nodeId?: number;
  all?: boolean;
  /** Kafka 3.7's --process-role filter: broker or controller */
  processRole?: string;
}

function rolesOf(s: ListedServer): string[] {
  try {
    const roles = readPropertiesFile(s.configFile).get('process.roles');
    return roles ? roles.split(',').map((r) => r.trim()) : ['broker'];
  } catch {
    return ['broker'];
  }
}

/** Which running brokers a server-stop selects; throws when the choice is ambiguous or empty. */
export function selectBrokers(running: ListedServer[], sel: BrokerSelection): ListedServer[] {
  let brokers = running.filter((s) => s.role === 'broker' && s.alive);
  if (brokers.length === 0)
    throw new KafkaLabError('No kafka server to stop', {
      kind: 'not-found',
      hint: 'kafka-lab only stops brokers it started (their pid files are in the run folder).',
    });
  if (sel.nodeId !== undefined) {
    const chosen = brokers.filter((s) => s.nodeId === sel.nodeId);
    if (chosen.length === 0) {
      throw new KafkaLabError(`no running broker with node id ${sel.nodeId}`, {
        kind: 'not-found',
        hint: `Running: ${brokers.map((b) => `node ${b.nodeId ?? '?'} (pid ${b.pid})`).join(', ')}`,
      });
    }
    return chosen;
  }
  if (sel.processRole) {
    brokers = brokers.filter((s) => rolesOf(s).includes(sel.processRole!));
    if (brokers.length === 0)
      throw new KafkaLabError(`No kafka server with process role ${sel.processRole} to stop`, {
        kind: 'not-found',
        hint: 'Check --process-role (broker or controller).',
      });
    return brokers;
  }
  if (!sel.all && brokers.length > 1) {
    throw new UsageError(
      `${brokers.length} brokers are running; say which one to stop`,
      `Use --node-id N (running: ${brokers.map((b) => b.nodeId ?? '?').join(', ')}) or --all.`,
    );
  }
  return brokers;
}

export async function stopSelected(servers: ListedServer[], timeoutMs: number, onWarning: (m: string) => void): Promise<StopResult[]> {
  // brokers stop in parallel: each one's controlled shutdown is independent
  return stopServers(servers, { timeoutMs, onWarning });
}

/** Every server of the process table, stale ones included (their pid files are removed). */
export async function runningServers(): Promise<ListedServer[]> {
  return listServers();
}

export function describeStop(r: StopResult): string {
  const what = serverLabel(r.record);
  const secs = (r.ms / 1000).toFixed(1);
  if (r.outcome === 'stale') return `${what} (pid ${r.record.pid}) was not running; removed its stale pid file`;
  if (r.outcome === 'killed') return `${what} (pid ${r.record.pid}) killed after ${secs} s`;
  return `${what} (pid ${r.record.pid}) stopped in ${secs} s`;
}
