/**
 * Consumer-group work behind `consumer-groups`: list, describe (offsets, members, state),
 * reset offsets and delete, through the kafkajs admin client created by src/client/connection.ts.
 * Returns plain data; the command decides how to print it.
 */
import type { Admin } from 'kafkajs';
import { createKafka, withTimeout, type ConnectionArgs, type ResolvedConnection } from '../client/connection.js';
import { KafkaLabError } from '../errors.js';
import { coordinatorPartition, orderPartitions, type GroupStateRow, type MemberRow, type PartitionRow } from '../format/groups-table.js';
import { computeResetPlan, type PartitionOffsets, type ResetPlan, type ResetScenario, type TopicScope } from '../format/reset-plan.js';
import { GROUP_ADMIN_APIS } from '../client/api-versions.js';

export interface GroupsSession {
  admin: Admin;
  conn: ResolvedConnection;
  /** bounded call: fails with one clear line after --timeout */
  call<T>(p: Promise<T>, what?: string): Promise<T>;
  close(): Promise<void>;
}

export async function openGroupsSession(args: ConnectionArgs): Promise<GroupsSession> {
  const { kafka, conn } = await createKafka(args, { requiredApis: GROUP_ADMIN_APIS });
  const admin = kafka.admin();
  const call = <T>(p: Promise<T>, what?: string) => withTimeout(p, conn, what);
  await call(admin.connect());
  return {
    admin,
    conn,
    call,
    close: async () => {
      await admin.disconnect().catch(() => undefined);
    },
  };
}

export interface GroupListing {
  groupId: string;
  state?: string;
}

/** Consumer groups (protocol type `consumer` or empty, like Kafka's --list), with their state when asked. */
export async function listConsumerGroups(s: GroupsSession, withState: boolean): Promise<GroupListing[]> {
  const { groups } = await s.call(s.admin.listGroups());
  const ids = groups.filter((g) => g.protocolType === 'consumer' || g.protocolType === '').map((g) => g.groupId);
  if (!withState || ids.length === 0) return ids.map((groupId) => ({ groupId }));
  const described = await s.call(s.admin.describeGroups(ids));
  const state = new Map(described.groups.map((g) => [g.groupId, g.state]));
  return ids.map((groupId) => ({ groupId, state: state.get(groupId) ?? 'Unknown' }));
}

export interface MemberInfo {
  memberId: string;
  clientId: string;
  host: string;
  groupInstanceId?: string;
  assignment: Map<string, number[]>;
}

export interface GroupDescription {
  groupId: string;
  /** Kafka's state names: Stable, Empty, Dead, PreparingRebalance, CompletingRebalance ... */
  state: string;
  protocol: string;
  members: MemberInfo[];
}

async function decodeAssignment(buf: Buffer | undefined): Promise<Map<string, number[]>> {
  const result = new Map<string, number[]>();
  if (!buf || buf.length === 0) return result;
  const { AssignerProtocol } = await import('kafkajs');
  try {
    const decoded = AssignerProtocol.MemberAssignment.decode(buf);
    for (const [topic, parts] of Object.entries(decoded?.assignment ?? {}))
      result.set(
        topic,
        [...(parts as number[])].sort((a, b) => a - b),
      );
  } catch {
    // an assignment we cannot read (another protocol type) shows as no partitions
  }
  return result;
}

export async function describeGroup(s: GroupsSession, groupId: string): Promise<GroupDescription> {
  const { groups } = await s.call(s.admin.describeGroups([groupId]));
  const g = groups[0];
  if (!g) return { groupId, state: 'Dead', protocol: '', members: [] };
  const members: MemberInfo[] = [];
  for (const m of g.members) {
    members.push({
      memberId: m.memberId,
      clientId: m.clientId,
      host: m.clientHost,
      groupInstanceId: (m as { groupInstanceId?: string | null }).groupInstanceId ?? undefined,
      assignment: await decodeAssignment(m.memberAssignment),
    });
  }
  return { groupId, state: g.state, protocol: g.protocol, members };
}

export interface CommittedOffset {
  topic: string;
  partition: number;
  offset: number;
}

export async function committedOffsets(s: GroupsSession, groupId: string): Promise<CommittedOffset[]> {
  const res = await s.call(s.admin.fetchOffsets({ groupId }));
  const out: CommittedOffset[] = [];
  for (const t of res) for (const p of t.partitions) if (Number(p.offset) >= 0) out.push({ topic: t.topic, partition: p.partition, offset: Number(p.offset) });
  return out;
}

export interface LogOffsets {
  low: number;
  high: number;
}

/** Log start/end offsets of every partition of the given topics: key `topic\0partition`. */
export async function logOffsets(s: GroupsSession, topics: Iterable<string>): Promise<Map<string, LogOffsets>> {
  const out = new Map<string, LogOffsets>();
  await Promise.all(
    [...new Set(topics)].map(async (topic) => {
      // a deleted topic: its offsets show as missing (Kafka prints `-`), only a timeout is fatal
      const offsets = await s.call(s.admin.fetchTopicOffsets(topic).catch(() => []));
      for (const o of offsets) out.set(`${topic}\0${o.partition}`, { low: Number(o.low), high: Number(o.high) });
    }),
  );
  return out;
}

/** The rows of `--describe --offsets` for one group, in Kafka 3.9's order. */
export async function describeOffsets(s: GroupsSession, d: GroupDescription): Promise<PartitionRow[]> {
  const committed = await committedOffsets(s, d.groupId);
  const committedBy = new Map(committed.map((c) => [`${c.topic}\0${c.partition}`, c.offset]));
  const topics = new Set(committed.map((c) => c.topic));
  for (const m of d.members) for (const t of m.assignment.keys()) topics.add(t);
  const leo = await logOffsets(s, topics);
  const row = (topic: string, partition: number, m?: MemberInfo): PartitionRow => {
    const key = `${topic}\0${partition}`;
    const current = committedBy.get(key);
    const end = leo.get(key)?.high;
    return {
      group: d.groupId,
      topic,
      partition,
      currentOffset: current === undefined ? undefined : String(current),
      logEndOffset: end === undefined ? undefined : String(end),
      lag: current === undefined || end === undefined ? undefined : String(end - current),
      consumerId: m?.memberId,
      host: m?.host,
      clientId: m?.clientId,
    };
  };
  const rows: PartitionRow[] = [];
  const assigned = new Set<string>();
  const bySize = [...d.members].sort((a, b) => count(b.assignment) - count(a.assignment));
  for (const m of bySize) {
    const tps = [...m.assignment.entries()].flatMap(([topic, ps]) => ps.map((partition) => ({ topic, partition })));
    if (tps.length === 0) {
      rows.push({ group: d.groupId, consumerId: m.memberId, host: m.host, clientId: m.clientId });
      continue;
    }
    for (const tp of orderPartitions(tps)) {
      assigned.add(`${tp.topic}\0${tp.partition}`);
      rows.push(row(tp.topic, tp.partition, m));
    }
  }
  const unowned = committed.filter((c) => !assigned.has(`${c.topic}\0${c.partition}`));
  for (const tp of orderPartitions(unowned)) rows.push(row(tp.topic, tp.partition));
  return rows;
}

function count(a: Map<string, number[]>): number {
  let n = 0;
  for (const ps of a.values()) n += ps.length;
  return n;
}

export function memberRows(d: GroupDescription): MemberRow[] {
  return d.members.map((m) => ({
    group: d.groupId,
    consumerId: m.memberId,
    groupInstanceId: m.groupInstanceId,
    host: m.host,
    clientId: m.clientId,
    assignment: m.assignment,
  }));
}

/** The group coordinator: leader of the __consumer_offsets partition the group id hashes to. */
export async function stateRow(s: GroupsSession, d: GroupDescription): Promise<GroupStateRow> {
  const cluster = await s.call(s.admin.describeCluster());
  let coordinatorId = cluster.brokers[0]?.nodeId ?? -1;
  const meta = await s.call(s.admin.fetchTopicMetadata({ topics: ['__consumer_offsets'] }).catch(() => undefined));
  const parts = meta?.topics[0]?.partitions ?? [];
  if (parts.length > 0) {
    const p = coordinatorPartition(d.groupId, parts.length);
    const leader = parts.find((x) => x.partitionId === p)?.leader;
    if (leader !== undefined && leader >= 0) coordinatorId = leader;
  }
  const broker = cluster.brokers.find((b) => b.nodeId === coordinatorId) ?? cluster.brokers[0]!;
  return {
    group: d.groupId,
    coordinatorHost: broker.host,
    coordinatorPort: broker.port,
    coordinatorId: broker.nodeId,
    assignmentStrategy: d.protocol,
    state: d.state,
    members: d.members.length,
  };
}

/** Partitions a reset applies to: --topic scopes (all partitions when none given) or, with --all-topics, what the group committed. */
export async function partitionsToReset(s: GroupsSession, groupId: string, scopes: TopicScope[] | 'all'): Promise<{ topic: string; partition: number }[]> {
  if (scopes === 'all') return (await committedOffsets(s, groupId)).map(({ topic, partition }) => ({ topic, partition }));
  const out: { topic: string; partition: number }[] = [];
  for (const scope of scopes) {
    if (scope.partitions) {
      for (const partition of scope.partitions) out.push({ topic: scope.topic, partition });
      continue;
    }
    const meta = await s.call(s.admin.fetchTopicMetadata({ topics: [scope.topic] }).catch(() => undefined));
    if (!meta) throw new KafkaLabError(`topic '${scope.topic}' does not exist`, { hint: 'kafka-lab topics --list shows the topics.' });
    for (const p of meta.topics[0]?.partitions ?? []) out.push({ topic: scope.topic, partition: p.partitionId });
  }
  return out;
}

export async function planReset(s: GroupsSession, groupId: string, scopes: TopicScope[] | 'all', scenario: ResetScenario): Promise<ResetPlan> {
  const targets = await partitionsToReset(s, groupId, scopes);
  const committed = new Map((await committedOffsets(s, groupId)).map((c) => [`${c.topic}\0${c.partition}`, c.offset]));
  const topics = new Set(targets.map((t) => t.topic));
  const leo = await logOffsets(s, topics);
  const byTime = new Map<string, number>();
  if (scenario.kind === 'datetime') {
    for (const topic of topics) {
      const res = await s.call(s.admin.fetchTopicOffsetsByTimestamp(topic, scenario.timestamp));
      for (const r of res) {
        const high = leo.get(`${topic}\0${r.partition}`)?.high;
        // kafkajs silently replaces "no record at or after the time" by the log end; Kafka warns, so tell them apart
        if (Number(r.offset) >= 0 && Number(r.offset) !== high) byTime.set(`${topic}\0${r.partition}`, Number(r.offset));
      }
    }
  }
  const partitions: PartitionOffsets[] = targets.map(({ topic, partition }) => {
    const key = `${topic}\0${partition}`;
    const log = leo.get(key);
    if (!log)
      throw new KafkaLabError(`partition ${topic}-${partition} does not exist`, {
        hint: `kafka-lab topics --describe --topic ${topic} shows its partitions.`,
      });
    return { topic, partition, committed: committed.get(key), low: log.low, high: log.high, byTime: byTime.get(key) };
  });
  return computeResetPlan(scenario, partitions);
}

export async function applyReset(s: GroupsSession, groupId: string, plan: ResetPlan): Promise<void> {
  const byTopic = new Map<string, { partition: number; offset: string }[]>();
  for (const o of plan.offsets) {
    const list = byTopic.get(o.topic) ?? [];
    list.push({ partition: o.partition, offset: String(o.offset) });
    byTopic.set(o.topic, list);
  }
  for (const [topic, partitions] of byTopic) await s.call(s.admin.setOffsets({ groupId, topic, partitions }));
}

export interface DeleteFailure {
  groupId: string;
  /** Kafka's text for the cause, e.g. `java.util.concurrent.ExecutionException: org.apache.kafka.common.errors.GroupNotEmptyException: The group is not empty.` */
  reason: string;
}

const JAVA_EXCEPTIONS: Record<string, string> = {
  NON_EMPTY_GROUP: 'GroupNotEmptyException: The group is not empty.',
  GROUP_ID_NOT_FOUND: 'GroupIdNotFoundException: The group id does not exist.',
  INVALID_GROUP_ID: 'InvalidGroupIdException: The configured groupId is invalid.',
  GROUP_AUTHORIZATION_FAILED: 'GroupAuthorizationException: Not authorized to access group: ',
};

export async function deleteGroups(s: GroupsSession, groupIds: string[]): Promise<DeleteFailure[]> {
  // per-group failures are results, not errors: read them before the error is translated
  return s.call(
    s.admin.deleteGroups(groupIds).then(
      () => [],
      (err: unknown) => {
        const groups = (err as { groups?: { groupId: string; error?: { type?: string; message?: string } }[] }).groups;
        if (!groups) throw err;
        return groups.map((g) => {
          const java = g.error?.type ? JAVA_EXCEPTIONS[g.error.type] : undefined;
          const text = java ? `org.apache.kafka.common.errors.${java}` : `${g.error?.type ?? 'Error'}: ${g.error?.message ?? 'unknown error'}`;
          return { groupId: g.groupId, reason: `java.util.concurrent.ExecutionException: ${text}` };
        });
      },
    ),
  );
}
