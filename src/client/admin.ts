/**
 * Cluster operations on a KafkaClient, one function per Kafka admin request, each sent to the
 * broker Kafka's AdminClient would send it to (the controller, a partition's leader, a group's
 * coordinator, every broker). They return the broker's answers as plain data, with per-resource
 * error codes where Kafka reports them per resource; the work modules (src/admin) and commands
 * build on these and never on the library.
 */
import {
  createPartitionsV3,
  createTopicsV7,
  deleteGroupsV2,
  deleteRecordsV2,
  deleteTopicsV6,
  describeConfigsV4,
  describeGroupsV5,
  incrementalAlterConfigsV1,
  listGroupsV4,
  listGroupsV5,
  listOffsetsV5,
  listOffsetsV6,
  listOffsetsV7,
  listOffsetsV8,
  listOffsetsV9,
  offsetCommitV8,
  offsetCommitV9,
  offsetDeleteV0,
  offsetFetchV8,
  offsetFetchV9,
} from '@platformatic/kafka';
import { BrokerError } from './errors.js';
import type { ClusterMetadata, KafkaClient, PartitionInfo } from './kafka-client.js';

export interface ResourceResult {
  name: string;
  errorCode: number;
  errorMessage: string | null;
}

/** Throws the first per-resource error of a result list. */
export function throwFirst(results: ResourceResult[]): void {
  const bad = results.find((r) => r.errorCode !== 0);
  if (bad) throw new BrokerError(bad.errorCode, bad.errorMessage, bad.name);
}

export const tpKey = (topic: string, partition: number) => `${topic}\u0000${partition}`;

// ---------------------------------------------------------------- topics

export async function listTopicNames(c: KafkaClient): Promise<string[]> {
  const m = await c.metadata(null);
  return m.topics.filter((t) => t.errorCode === 0).map((t) => t.name);
}

export interface NewTopic {
  name: string;
  /** -1: the broker's num.partitions */
  partitions: number;
  /** -1: the broker's default.replication.factor */
  replicationFactor: number;
  assignments?: number[][];
  configs?: [string, string][];
}

export async function createTopics(c: KafkaClient, topics: NewTopic[], timeoutMs: number, validateOnly = false): Promise<ResourceResult[]> {
  const r = await c.call(
    'controller',
    [createTopicsV7],
    [
      topics.map((t) => ({
        name: t.name,
        numPartitions: t.assignments ? -1 : t.partitions,
        replicationFactor: t.assignments ? -1 : t.replicationFactor,
        assignments: (t.assignments ?? []).map((brokerIds, partitionIndex) => ({ partitionIndex, brokerIds })),
        configs: (t.configs ?? []).map(([name, value]) => ({ name, value })),
      })),
      timeoutMs,
      validateOnly,
    ],
    { lenient: true },
  );
  return r.topics.map((t) => ({ name: t.name, errorCode: t.errorCode, errorMessage: t.errorMessage ?? null }));
}

export async function deleteTopics(c: KafkaClient, names: string[], timeoutMs: number): Promise<ResourceResult[]> {
  const r = await c.call('controller', [deleteTopicsV6], [names.map((name) => ({ name })), timeoutMs], { lenient: true });
  return r.responses.map((t) => ({ name: t.name ?? '', errorCode: t.errorCode, errorMessage: t.errorMessage ?? null }));
}

export async function createPartitions(c: KafkaClient, topic: string, count: number, assignments: number[][] | null, timeoutMs: number): Promise<void> {
  const r = await c.call(
    'controller',
    [createPartitionsV3],
    [[{ name: topic, count, assignments: assignments === null ? null : assignments.map((brokerIds) => ({ brokerIds })) }], timeoutMs, false],
    { lenient: true },
  );
  throwFirst(r.results.map((x) => ({ name: x.name, errorCode: x.errorCode, errorMessage: x.errorMessage ?? null })));
}

// ---------------------------------------------------------------- configs

export const ResourceType = { TOPIC: 2, BROKER: 4, BROKER_LOGGER: 8 } as const;
export const ConfigOp = { SET: 0, DELETE: 1, APPEND: 2, SUBTRACT: 3 } as const;

export interface RawConfigEntry {
  name: string;
  value: string | null;
  readOnly: boolean;
  /** Kafka's ConfigSource id */
  source: number;
  sensitive: boolean;
  synonyms: { name: string; value: string | null; source: number }[];
}

/** Broker resources (and broker loggers) are answered by that broker; the rest by any broker. */
function configTarget(resourceType: number, resourceName: string): number | 'any' {
  return (resourceType === ResourceType.BROKER || resourceType === ResourceType.BROKER_LOGGER) && resourceName !== '' ? Number(resourceName) : 'any';
}

export async function describeConfigs(c: KafkaClient, resourceType: number, resourceName: string, withSynonyms = true): Promise<RawConfigEntry[]> {
  const r = await c.call(
    configTarget(resourceType, resourceName),
    [describeConfigsV4],
    [[{ resourceType: resourceType as 2, resourceName, configurationKeys: null }], withSynonyms, false],
    { lenient: true },
  );
  const res = r.results[0];
  if (!res) return [];
  throwFirst([{ name: resourceName, errorCode: res.errorCode, errorMessage: res.errorMessage ?? null }]);
  return res.configs.map((e) => ({
    name: e.name,
    value: e.value ?? null,
    readOnly: e.readOnly,
    source: e.configSource,
    sensitive: e.isSensitive,
    synonyms: e.synonyms.map((y) => ({ name: y.name, value: y.value ?? null, source: y.source })),
  }));
}

/** Several topics' configs in one request (topics --describe), keyed by topic name. */
export async function describeTopicConfigs(c: KafkaClient, topics: string[]): Promise<Map<string, RawConfigEntry[]>> {
  const out = new Map<string, RawConfigEntry[]>();
  if (topics.length === 0) return out;
  const r = await c.call(
    'any',
    [describeConfigsV4],
    [topics.map((resourceName) => ({ resourceType: ResourceType.TOPIC as 2, resourceName, configurationKeys: null })), false, false],
    { lenient: true },
  );
  for (const res of r.results) {
    if (res.errorCode !== 0) continue;
    out.set(
      res.resourceName,
      res.configs.map((e) => ({ name: e.name, value: e.value ?? null, readOnly: e.readOnly, source: e.configSource, sensitive: e.isSensitive, synonyms: [] })),
    );
  }
  return out;
}

export interface ConfigChange {
  name: string;
  op: (typeof ConfigOp)[keyof typeof ConfigOp];
  value: string | null;
}

export async function incrementalAlterConfigs(
  c: KafkaClient,
  resourceType: number,
  resourceName: string,
  changes: ConfigChange[],
  validateOnly = false,
): Promise<void> {
  const target = configTarget(resourceType, resourceName);
  const r = await c.call(
    target === 'any' ? 'controller' : target,
    [incrementalAlterConfigsV1],
    [
      [
        {
          resourceType: resourceType as 2,
          resourceName,
          configs: changes.map((x) =>
            x.op === ConfigOp.DELETE ? { name: x.name, configOperation: ConfigOp.DELETE } : { name: x.name, configOperation: x.op, value: x.value ?? '' },
          ),
        },
      ],
      validateOnly,
    ],
    { lenient: true },
  );
  throwFirst(r.responses.map((x) => ({ name: x.resourceName, errorCode: x.errorCode, errorMessage: x.errorMessage ?? null })));
}

// ---------------------------------------------------------------- offsets

/** ListOffsets' special timestamps. */
export const OffsetTime = { LATEST: -1n, EARLIEST: -2n, MAX_TIMESTAMP: -3n } as const;

export interface ListedOffset {
  topic: string;
  partition: number;
  errorCode: number;
  offset: bigint;
  timestamp: bigint;
}

/** Partition metadata of the given topics, keyed `topic\0partition`. */
export function partitionsOf(meta: ClusterMetadata): Map<string, PartitionInfo & { topic: string }> {
  const out = new Map<string, PartitionInfo & { topic: string }>();
  for (const t of meta.topics) for (const p of t.partitions) out.set(tpKey(t.name, p.partition), { ...p, topic: t.name });
  return out;
}

/**
 * ListOffsets for each partition at `timestamp` (-1 latest, -2 earliest, -3 max timestamp, or
 * ms), sent to each partition's leader. Partitions without a leader come back with
 * LEADER_NOT_AVAILABLE.
 */
export async function listOffsets(
  c: KafkaClient,
  wanted: { topic: string; partition: number; timestamp: bigint }[],
  opts: { isolation?: 'read_uncommitted' | 'read_committed'; meta?: ClusterMetadata } = {},
): Promise<ListedOffset[]> {
  const meta = opts.meta ?? (await c.metadata([...new Set(wanted.map((w) => w.topic))]));
  const parts = partitionsOf(meta);
  const byLeader = new Map<number, typeof wanted>();
  const out: ListedOffset[] = [];
  for (const w of wanted) {
    const p = parts.get(tpKey(w.topic, w.partition));
    if (!p || p.leader < 0) {
      out.push({ ...w, errorCode: p ? 5 : 3, offset: -1n, timestamp: -1n });
      continue;
    }
    let list = byLeader.get(p.leader);
    if (!list) byLeader.set(p.leader, (list = []));
    list.push(w);
  }
  await Promise.all(
    [...byLeader].map(async ([leader, list]) => {
      const topics = new Map<string, { partitionIndex: number; currentLeaderEpoch: number; timestamp: bigint }[]>();
      for (const w of list) {
        let l = topics.get(w.topic);
        if (!l) topics.set(w.topic, (l = []));
        l.push({ partitionIndex: w.partition, currentLeaderEpoch: -1, timestamp: w.timestamp });
      }
      const r = await c.call(
        leader,
        [listOffsetsV5, listOffsetsV6, listOffsetsV7, listOffsetsV8, listOffsetsV9],
        [-1, opts.isolation === 'read_committed' ? 1 : 0, [...topics].map(([name, partitions]) => ({ name, partitions }))],
        { lenient: true },
      );
      for (const t of r.topics)
        for (const p of t.partitions)
          out.push({ topic: t.name, partition: p.partitionIndex, errorCode: p.errorCode, offset: p.offset, timestamp: p.timestamp });
    }),
  );
  return out;
}

/** Log start and end offsets of every partition of `topics`, keyed `topic\0partition`. */
export async function watermarks(c: KafkaClient, topics: string[], meta?: ClusterMetadata): Promise<Map<string, { low: bigint; high: bigint }>> {
  const m = meta ?? (await c.metadata(topics));
  const all = m.topics
    .filter((t) => topics.includes(t.name) && t.errorCode === 0)
    .flatMap((t) => t.partitions.map((p) => ({ topic: t.name, partition: p.partition })));
  const [low, high] = await Promise.all([
    listOffsets(
      c,
      all.map((x) => ({ ...x, timestamp: OffsetTime.EARLIEST })),
      { meta: m },
    ),
    listOffsets(
      c,
      all.map((x) => ({ ...x, timestamp: OffsetTime.LATEST })),
      { meta: m },
    ),
  ]);
  const out = new Map<string, { low: bigint; high: bigint }>();
  for (const l of low) {
    const h = high.find((x) => x.topic === l.topic && x.partition === l.partition);
    if (l.errorCode !== 0) throw new BrokerError(l.errorCode, null, `${l.topic}-${l.partition}`);
    if (h && h.errorCode !== 0) throw new BrokerError(h.errorCode, null, `${h.topic}-${h.partition}`);
    out.set(tpKey(l.topic, l.partition), { low: l.offset, high: h?.offset ?? l.offset });
  }
  return out;
}

export async function deleteRecords(
  c: KafkaClient,
  wanted: { topic: string; partition: number; offset: bigint }[],
  timeoutMs: number,
): Promise<{ topic: string; partition: number; errorCode: number; lowWatermark: bigint }[]> {
  const meta = await c.metadata([...new Set(wanted.map((w) => w.topic))]);
  const parts = partitionsOf(meta);
  const byLeader = new Map<number, typeof wanted>();
  const out: { topic: string; partition: number; errorCode: number; lowWatermark: bigint }[] = [];
  for (const w of wanted) {
    const p = parts.get(tpKey(w.topic, w.partition));
    if (!p || p.leader < 0) {
      out.push({ topic: w.topic, partition: w.partition, errorCode: p ? 5 : 3, lowWatermark: -1n });
      continue;
    }
    let list = byLeader.get(p.leader);
    if (!list) byLeader.set(p.leader, (list = []));
    list.push(w);
  }
  await Promise.all(
    [...byLeader].map(async ([leader, list]) => {
      const topics = new Map<string, { partitionIndex: number; offset: bigint }[]>();
      for (const w of list) {
        let l = topics.get(w.topic);
        if (!l) topics.set(w.topic, (l = []));
        l.push({ partitionIndex: w.partition, offset: w.offset });
      }
      const r = await c.call(leader, [deleteRecordsV2], [[...topics].map(([name, partitions]) => ({ name, partitions })), timeoutMs], { lenient: true });
      for (const t of r.topics)
        for (const p of t.partitions) out.push({ topic: t.name, partition: p.partitionIndex, errorCode: p.errorCode, lowWatermark: p.lowWatermark });
    }),
  );
  return out;
}

// ---------------------------------------------------------------- groups

export interface GroupListing {
  groupId: string;
  protocolType: string;
  state: string;
  type: string;
}

/** ListGroups answers per broker: the cluster's groups are the union over every broker. */
export async function listGroups(c: KafkaClient): Promise<GroupListing[]> {
  const meta = await c.metadata([]);
  const all = await Promise.all(
    meta.brokers.map(async (b) => {
      const r = await c.call(b.nodeId, [listGroupsV4, listGroupsV5] as never[], [[], []] as never, { lenient: true });
      const res = r as { groups: { groupId: string; protocolType: string; groupState: string; groupType?: string }[] };
      return res.groups.map((g) => ({ groupId: g.groupId, protocolType: g.protocolType, state: g.groupState, type: g.groupType ?? 'classic' }));
    }),
  );
  const seen = new Map<string, GroupListing>();
  for (const list of all) for (const g of list) seen.set(g.groupId, g);
  return [...seen.values()];
}

export interface DescribedMember {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  metadata: Buffer;
  assignment: Buffer;
}

export interface DescribedGroup {
  groupId: string;
  errorCode: number;
  state: string;
  protocolType: string;
  protocol: string;
  members: DescribedMember[];
}

export async function describeGroups(c: KafkaClient, groupIds: string[]): Promise<DescribedGroup[]> {
  return Promise.all(
    groupIds.map(async (groupId) => {
      const r = await c.call({ group: groupId }, [describeGroupsV5], [[groupId], false], { lenient: true });
      const g = r.groups[0]!;
      return {
        groupId: g.groupId,
        errorCode: g.errorCode,
        state: g.groupState,
        protocolType: g.protocolType,
        protocol: g.protocolData,
        members: g.members.map((m) => ({
          memberId: m.memberId,
          groupInstanceId: m.groupInstanceId ?? null,
          clientId: m.clientId,
          clientHost: m.clientHost,
          metadata: m.memberMetadata,
          assignment: m.memberAssignment,
        })),
      };
    }),
  );
}

export interface CommittedOffset {
  topic: string;
  partition: number;
  offset: bigint;
  metadata: string | null;
}

/** Committed offsets of a group (all its partitions, or those of `topics`); -1 offsets are left out. */
export async function fetchCommittedOffsets(
  c: Pick<KafkaClient, 'call'>,
  groupId: string,
  topics?: { topic: string; partitions: number[] }[],
): Promise<CommittedOffset[]> {
  const r = await c.call(
    { group: groupId },
    [offsetFetchV8, offsetFetchV9],
    [[{ groupId, memberEpoch: -1, topics: topics ? topics.map((t) => ({ name: t.topic, partitionIndexes: t.partitions })) : null }], false],
    { lenient: true },
  );
  const g = r.groups[0];
  if (!g) return [];
  if (g.errorCode !== 0) throw new BrokerError(g.errorCode, null, groupId);
  const out: CommittedOffset[] = [];
  for (const t of g.topics)
    for (const p of t.partitions) {
      if (p.errorCode !== 0) throw new BrokerError(p.errorCode, null, `${t.name}-${p.partitionIndex}`);
      if (p.committedOffset >= 0n) out.push({ topic: t.name, partition: p.partitionIndex, offset: p.committedOffset, metadata: p.metadata ?? null });
    }
  return out;
}

/**
 * Commits offsets for a group. Without a member (generation -1) the group must be empty, as for
 * kafka-consumer-groups --reset-offsets; a member commits with its generation.
 */
export async function commitOffsets(
  c: Pick<KafkaClient, 'call'>,
  groupId: string,
  offsets: { topic: string; partition: number; offset: bigint }[],
  member: { generationId: number; memberId: string; groupInstanceId?: string | null } = { generationId: -1, memberId: '' },
): Promise<void> {
  const topics = new Map<string, { partitionIndex: number; committedOffset: bigint; committedLeaderEpoch: number; committedMetadata: string }[]>();
  for (const o of offsets) {
    let l = topics.get(o.topic);
    if (!l) topics.set(o.topic, (l = []));
    l.push({ partitionIndex: o.partition, committedOffset: o.offset, committedLeaderEpoch: -1, committedMetadata: '' });
  }
  const r = await c.call(
    { group: groupId },
    [offsetCommitV8, offsetCommitV9],
    [groupId, member.generationId, member.memberId, member.groupInstanceId ?? null, [...topics].map(([name, partitions]) => ({ name, partitions }))],
    { lenient: true },
  );
  for (const t of r.topics) for (const p of t.partitions) if (p.errorCode !== 0) throw new BrokerError(p.errorCode, null, groupId);
}

export async function deleteGroups(c: KafkaClient, groupIds: string[]): Promise<{ groupId: string; errorCode: number }[]> {
  return Promise.all(
    groupIds.map(async (groupId) => {
      const r = await c.call({ group: groupId }, [deleteGroupsV2], [[groupId]], { lenient: true });
      return { groupId, errorCode: r.results[0]?.errorCode ?? 0 };
    }),
  );
}

export async function deleteCommittedOffsets(
  c: KafkaClient,
  groupId: string,
  topics: { topic: string; partitions: number[] }[],
): Promise<{ errorCode: number; partitions: { topic: string; partition: number; errorCode: number }[] }> {
  const r = await c.call(
    { group: groupId },
    [offsetDeleteV0],
    [groupId, topics.map((t) => ({ name: t.topic, partitions: t.partitions.map((partitionIndex) => ({ partitionIndex })) }))],
    { lenient: true },
  );
  return {
    errorCode: r.errorCode,
    partitions: r.topics.flatMap((t) => t.partitions.map((p) => ({ topic: t.name, partition: p.partitionIndex, errorCode: p.errorCode }))),
  };
}

/**
 * Makes sure the group coordinator works: the first FindCoordinator makes the broker create
 * __consumer_offsets; then every one of its partitions must have a leader and a full ISR, so
 * that a group can start even while one broker is stopped later. Resolves with its partition
 * count, or throws the last problem at the deadline.
 */
export async function ensureOffsetsTopic(c: KafkaClient, deadline: number, onWait?: (what: string) => void): Promise<number> {
  let last = 'the group coordinator did not answer';
  for (let wait = 100; ; wait = Math.min(wait * 2, 1000)) {
    try {
      c.forgetCoordinator({ group: 'kafka-lab-readiness' });
      await c.nodeIdOf({ group: 'kafka-lab-readiness' });
      const meta = await c.metadata(['__consumer_offsets']);
      const t = meta.topics[0];
      if (t && t.errorCode === 0 && t.partitions.length > 0) {
        const lagging = t.partitions.filter((p) => p.leader < 0 || p.isr.length < p.replicas.length);
        if (lagging.length === 0) return t.partitions.length;
        last = `${lagging.length} of ${t.partitions.length} partitions of __consumer_offsets are not fully replicated yet`;
      } else last = '__consumer_offsets is being created';
    } catch (err) {
      last = (err as Error).message;
    }
    onWait?.(last);
    if (Date.now() + wait > deadline) throw new Error(last);
    await new Promise((r) => setTimeout(r, wait));
  }
}
