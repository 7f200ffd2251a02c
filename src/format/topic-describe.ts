/**
 * Kafka's TopicCommand --describe text, from plain data. Pure: the describe command
 * gathers the data, this reproduces the bytes Kafka prints.
 */
export interface PartitionInfo {
  partition: number;
  /** -1 when there is no leader */
  leader: number;
  replicas: number[];
  isr: number[];
  addingReplicas?: number[];
  removingReplicas?: number[];
  /** undefined: the broker cannot tell (ZooKeeper mode, Metadata API) → "N/A" */
  elr?: number[];
  lastKnownElr?: number[];
}

export interface TopicInfo {
  name: string;
  /** '' when the broker has no topic id */
  topicId: string;
  partitions: PartitionInfo[];
  /** non-default configs in broker order (Kafka prints those whose source is not DEFAULT_CONFIG) */
  configs: [string, string][];
  minInsyncReplicas: number;
  isInternal?: boolean;
}

export interface DescribeFilters {
  underReplicated?: boolean;
  unavailable?: boolean;
  underMinIsr?: boolean;
  atMinIsr?: boolean;
  topicsWithOverrides?: boolean;
}

export function replicationFactor(p: PartitionInfo): number {
  return p.replicas.length - (p.addingReplicas?.length ?? 0);
}

export function partitionFlags(p: PartitionInfo, minIsr: number, liveBrokers: Set<number>) {
  const hasLeader = p.leader >= 0;
  return {
    underReplicated: replicationFactor(p) - p.isr.length > 0,
    unavailable: !hasLeader || !liveBrokers.has(p.leader),
    underMinIsr: !hasLeader || p.isr.length < minIsr,
    atMinIsr: p.isr.length === minIsr,
  };
}

export function topicLine(t: TopicInfo): string {
  const sorted = [...t.partitions].sort((a, b) => a.partition - b.partition);
  const rf = sorted.length > 0 ? replicationFactor(sorted[0]!) : 0;
  return (
    `Topic: ${t.name}` +
    (t.topicId ? `\tTopicId: ${t.topicId}` : '') +
    `\tPartitionCount: ${t.partitions.length}\tReplicationFactor: ${rf}\tConfigs: ${t.configs.map(([k, v]) => `${k}=${v}`).join(',')}`
  );
}

export function partitionLine(topic: string, p: PartitionInfo): string {
  let s = `\tTopic: ${topic}\tPartition: ${p.partition}\tLeader: ${p.leader >= 0 ? p.leader : 'none'}\tReplicas: ${p.replicas.join(',')}\tIsr: ${p.isr.join(',')}`;
  if (p.addingReplicas || p.removingReplicas)
    s += `\tAdding Replicas: ${(p.addingReplicas ?? []).join(',')}\tRemoving Replicas: ${(p.removingReplicas ?? []).join(',')}`;
  s += `\tElr: ${p.elr ? p.elr.join(',') : 'N/A'}`;
  s += `\tLastKnownElr: ${p.lastKnownElr ? p.lastKnownElr.join(',') : 'N/A'}`;
  return s;
}

/** The lines Kafka prints for these topics (in the given order) under the report filters. */
export function describeLines(topics: TopicInfo[], filters: DescribeFilters, liveBrokers: Set<number>): string[] {
  const report = filters.underReplicated || filters.unavailable || filters.underMinIsr || filters.atMinIsr;
  const lines: string[] = [];
  for (const t of topics) {
    const sorted = [...t.partitions].sort((a, b) => a.partition - b.partition);
    if (!report && (!filters.topicsWithOverrides || t.configs.length > 0)) lines.push(topicLine(t));
    if (filters.topicsWithOverrides) continue;
    for (const p of sorted) {
      const f = partitionFlags(p, t.minInsyncReplicas, liveBrokers);
      const show =
        !report ||
        (filters.underReplicated && f.underReplicated) ||
        (filters.unavailable && f.unavailable) ||
        (filters.underMinIsr && f.underMinIsr) ||
        (filters.atMinIsr && f.atMinIsr);
      if (show) lines.push(partitionLine(t.name, p));
    }
  }
  return lines;
}
