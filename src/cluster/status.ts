/**
 * `cluster status` (the lab's processes and what the cluster says about them) and
 * `cluster info` (brokers, controller, topics with leaders, replicas and ISR, like kcat -L).
 */
import type { KafkaClient } from '../client/kafka-client.js';
import type { ChalkInstance } from 'chalk';
import { listServers } from '../engine/index.js';
import { labAdminConfig, type LabFolder } from './lab.js';
import { labPath, labProcesses, recordOf, type ProcessRow } from './processes.js';

export interface PartitionInfo {
  partition: number;
  leader: number;
  replicas: number[];
  isr: number[];
  offline: number[];
}

export interface TopicInfo {
  name: string;
  internal: boolean;
  partitions: PartitionInfo[];
}

export interface ClusterInfo {
  clusterId: string;
  controller: number;
  brokers: { nodeId: number; host: string; port: number }[];
  topics: TopicInfo[];
}

/** Reads brokers, controller and every topic's partitions from a running cluster. */
export async function fetchClusterInfo(client: KafkaClient, opts: { topics?: string[]; includeInternal?: boolean } = {}): Promise<ClusterInfo> {
  const meta = await client.metadata(opts.topics ?? null);
  const topics = meta.topics
    .filter((t) => t.errorCode === 0 || t.errorCode === 5)
    .filter((t) => opts.topics || opts.includeInternal || !t.name.startsWith('__'));
  return {
    clusterId: meta.clusterId ?? '',
    controller: meta.controllerId,
    brokers: meta.brokers.map((b) => ({ nodeId: b.nodeId, host: b.host, port: b.port })).sort((a, b) => a.nodeId - b.nodeId),
    topics: topics
      .map((t) => ({
        name: t.name,
        internal: t.name.startsWith('__'),
        partitions: t.partitions
          .map((p) => ({ partition: p.partition, leader: p.leader, replicas: p.replicas, isr: p.isr, offline: p.offline }))
          .sort((a, b) => a.partition - b.partition),
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

export function underReplicated(info: ClusterInfo): number {
  return info.topics.reduce((n, t) => n + t.partitions.filter((p) => p.isr.length < p.replicas.length).length, 0);
}

/** kcat -L style text. */
export function clusterInfoText(info: ClusterInfo): string {
  const lines = [`Cluster ${info.clusterId}`, ` ${info.brokers.length} broker${info.brokers.length === 1 ? '' : 's'}:`];
  for (const b of info.brokers) lines.push(`  broker ${b.nodeId} at ${b.host}:${b.port}${b.nodeId === info.controller ? ' (controller)' : ''}`);
  lines.push(` ${info.topics.length} topics:`);
  for (const t of info.topics) {
    lines.push(`  topic "${t.name}" with ${t.partitions.length} partitions:`);
    for (const p of t.partitions) {
      const offline = p.offline.length > 0 ? `, offline: ${p.offline.join(',')}` : '';
      lines.push(`    partition ${p.partition}, leader ${p.leader}, replicas: ${p.replicas.join(',')}, isrs: ${p.isr.join(',')}${offline}`);
    }
  }
  return lines.join('\n');
}

export interface LabStatus {
  dir: string;
  mode: string;
  processes: (ProcessRow & { registered?: boolean })[];
  cluster?: { reachable: true; controller: number; registered: number[]; underReplicatedPartitions: number } | { reachable: false; error: string };
}

export async function labStatus(lab: LabFolder, opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<LabStatus> {
  const servers = await listServers(opts.env, { keepStale: true });
  const processes: LabStatus['processes'] = labProcesses(lab).map((p) => {
    const r = recordOf(p, servers);
    const state = !r ? 'stopped' : r.alive ? 'running' : `dead (stale pid ${r.pid})`;
    return { ...p, pid: r?.alive ? r.pid : undefined, logFile: r?.logFile, state };
  });
  const status: LabStatus = { dir: lab.dir, mode: lab.manifest.mode, processes };
  const runningBrokers = processes.filter((p) => p.role !== 'zookeeper' && p.state === 'running');
  if (runningBrokers.length === 0) return status;
  try {
    // the Kafka client loads only when a broker is asked (status of a stopped lab, a ZooKeeper start need none)
    const { openClient } = await import('../client/connection.js');
    const commandConfig = labAdminConfig(lab);
    const client = await openClient({ bootstrapServer: runningBrokers.map((p) => p.address).join(','), commandConfig, timeout: opts.timeoutMs ?? 5000 });
    const info = await fetchClusterInfo(client, { includeInternal: true }).finally(() => client.close());
    const registered = info.brokers.map((b) => b.nodeId);
    for (const p of processes) if (p.nodeId !== undefined) p.registered = registered.includes(p.nodeId);
    status.cluster = { reachable: true, controller: info.controller, registered, underReplicatedPartitions: underReplicated(info) };
  } catch (err) {
    status.cluster = { reachable: false, error: (err as Error).message };
  }
  return status;
}

/** The status table: one row per process of the lab (paths relative to the lab folder when given). */
export function labStatusTable(st: LabStatus, labDir?: string): { head: string[]; rows: (string | number | undefined)[][] } {
  return {
    head: ['node id', 'role', 'address', 'pid', 'state', 'registered', 'data dir', 'log file'],
    rows: st.processes.map((p) => [
      p.nodeId ?? '-',
      p.role,
      p.address,
      p.pid,
      p.state,
      p.role === 'zookeeper' ? '-' : p.registered === undefined ? '?' : p.registered ? 'yes' : 'no',
      labPath(p.dataDir, labDir),
      labPath(p.logFile, labDir),
    ]),
  };
}

/** The line under the status table: what the cluster itself says. */
export function clusterSummaryLine(st: LabStatus, c: ChalkInstance): string {
  if (!st.cluster) return 'cluster: no broker running';
  if (!st.cluster.reachable) return c.red(`cluster: not reachable (${st.cluster.error})`);
  const n = st.cluster.registered.length;
  return `cluster: ${n} broker${n === 1 ? '' : 's'} registered (${st.cluster.registered.join(', ')}), controller ${st.cluster.controller}, ${st.cluster.underReplicatedPartitions} under-replicated partitions`;
}

/** cluster info as a table: one row per partition. */
export function clusterInfoTable(info: ClusterInfo): { head: string[]; rows: (string | number)[][] } {
  return {
    head: ['topic', 'partition', 'leader', 'replicas', 'isr'],
    rows: info.topics.flatMap((t) => t.partitions.map((p) => [t.name, p.partition, p.leader, p.replicas.join(','), p.isr.join(',')])),
  };
}
