/**
 * Consumer-group work behind `consumer-groups`: list, describe (offsets, members, state),
 * reset offsets and delete, over kafka-lab's client (src/client/admin.ts).
 * Returns plain data; the command decides how to print it.
 */
import * as ops from '../client/admin.js';
import { withTimeout, type ConnectionArgs, type ResolvedConnection } from '../client/connection.js';
import { BrokerError, errorName } from '../client/errors.js';
import type { KafkaClient } from '../client/kafka-client.js';
import { openAdmin } from '../client/session.js';
import { decodeAssignment as decodeMemberAssignment } from '../consume/consumer-protocol.js';
import { KafkaLabError } from '../errors.js';
import { hints } from '../hints.js';
import { coordinatorPartition, orderPartitions, type GroupStateRow, type MemberRow, type PartitionRow } from '../format/groups-table.js';
import { computeResetPlan, type PartitionOffsets, type ResetPlan, type ResetScenario, type TopicScope } from './reset-plan.js';
import { GROUP_ADMIN_APIS } from '../client/api-versions.js';

export interface GroupsSession {
  client: KafkaClient;
  conn: ResolvedConnection;
  /** bounded call: fails with one clear line after --timeout */
  call<T>(p: Promise<T>, what?: string): Promise<T>;
  close(): Promise<void>;
}

export async function openGroupsSession(args: ConnectionArgs): Promise<GroupsSession> {
  const s = await openAdmin(args, GROUP_ADMIN_APIS);
  const call = <T>(p: Promise<T>, what?: string) => withTimeout(p, s.conn, what);
  return { client: s.client, conn: s.conn, call, close: () => s.close() };
}

export interface GroupListing {
  groupId: string;
  state?: string;
}

/** Consumer groups (protocol type `consumer` or empty, like Kafka's --list), with their state when asked. */
export async function listConsumerGroups(s: GroupsSession, withState: boolean): Promise<GroupListing[]> {
  const groups = await s.call(ops.listGroups(s.client));
  const ids = groups.filter((g) => g.protocolType === 'consumer' || g.protocolType === '').map((g) => g.groupId);
  if (!withState || ids.length === 0) return ids.map((groupId) => ({ groupId }));
  const described = await s.call(ops.describeGroups(s.client, ids));
  const state = new Map(described.map((g) => [g.groupId, g.state]));
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

export async function describeGroup(s: GroupsSession, groupId: string): Promise<GroupDescription> {
  const [g] = await s.call(ops.describeGroups(s.client, [groupId]));
  if (!g || g.errorCode === 69 /* GROUP_ID_NOT_FOUND */) return { groupId, state: 'Dead', protocol: '', members: [] };
  if (g.errorCode !== 0) throw new BrokerError(g.errorCode, null, groupId);
  const members: MemberInfo[] = g.members.map((m) => ({
    memberId: m.memberId,
    clientId: m.clientId,
    host: m.clientHost,
    groupInstanceId: m.groupInstanceId ?? undefined,
    assignment: safeAssignment(m.assignment),
  }));
  return { groupId, state: g.state, protocol: g.protocol, members };
}

/** A member's assignment bytes (Java's ConsumerProtocol); members of other protocols show none. */
function safeAssignment(buf: Buffer): Map<string, number[]> {
  try {
    return decodeMemberAssignment(buf);
  } catch {
    return new Map();
  }
}

export interface CommittedOffset {
  topic: string;
  partition: number;
  offset: number;
}

export async function committedOffsets(s: GroupsSession, groupId: string): Promise<CommittedOffset[]> {
  const res = await s.call(ops.fetchCommittedOffsets(s.client, groupId));
  return res.map((o) => ({ topic: o.topic, partition: o.partition, offset: Number(o.offset) }));
}

export interface LogOffsets {
  low: number;
  high: number;
}

/** Log start/end offsets of every partition of the given topics: key `topic\0partition`. */
export async function logOffsets(s: GroupsSession, topics: Iterable<string>): Promise<Map<string, LogOffsets>> {
  const out = new Map<string, LogOffsets>();
  const names = [...new Set(topics)];
  if (names.length === 0) return out;
  const meta = await s.call(s.client.metadata(names));
  // a deleted topic: its offsets show as missing (Kafka prints `-`), only a timeout is fatal
  const existing = meta.topics.filter((t) => t.errorCode === 0).map((t) => t.name);
  if (existing.length === 0) return out;
  const marks = await s.call(ops.watermarks(s.client, existing, meta).catch(() => new Map<string, { low: bigint; high: bigint }>()));
  for (const [k, v] of marks) out.set(k, { low: Number(v.low), high: Number(v.high) });
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
  const cluster = await s.call(s.client.metadata(['__consumer_offsets']));
  let coordinatorId = cluster.brokers[0]?.nodeId ?? -1;
  const parts = cluster.topics[0]?.errorCode === 0 ? cluster.topics[0].partitions : [];
  if (parts.length > 0) {
    const p = coordinatorPartition(d.groupId, parts.length);
    const leader = parts.find((x) => x.partition === p)?.leader;
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
    const meta = await s.call(s.client.metadata([scope.topic]));
    if (meta.topics[0]?.errorCode !== 0) throw new KafkaLabError(`topic '${scope.topic}' does not exist`, { kind: 'not-found', hint: hints.topicsList });
    for (const p of meta.topics[0].partitions) out.push({ topic: scope.topic, partition: p.partition });
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
    const res = await s.call(
      ops.listOffsets(
        s.client,
        targets.map((t) => ({ ...t, timestamp: BigInt(scenario.timestamp) })),
      ),
    );
    // -1: no record at or after that time (Kafka then warns and uses the log end)
    for (const r of res) if (r.errorCode === 0 && r.offset >= 0n) byTime.set(`${r.topic}\0${r.partition}`, Number(r.offset));
  }
  const partitions: PartitionOffsets[] = targets.map(({ topic, partition }) => {
    const key = `${topic}\0${partition}`;
    const log = leo.get(key);
    if (!log)
      throw new KafkaLabError(`partition ${topic}-${partition} does not exist`, {
        kind: 'not-found',
        hint: `kafka-lab topics --describe --topic ${topic} shows its partitions.`,
      });
    return { topic, partition, committed: committed.get(key), low: log.low, high: log.high, byTime: byTime.get(key) };
  });
  return computeResetPlan(scenario, partitions);
}

export async function applyReset(s: GroupsSession, groupId: string, plan: ResetPlan): Promise<void> {
  await s.call(
    ops.commitOffsets(
      s.client,
      groupId,
      plan.offsets.map((o) => ({ topic: o.topic, partition: o.partition, offset: BigInt(o.offset) })),
    ),
  );
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
  // per-group failures are results, not errors
  const results = await s.call(ops.deleteGroups(s.client, groupIds));
  return results
    .filter((r) => r.errorCode !== 0)
    .map((g) => {
      const type = errorName(g.errorCode);
      const java = JAVA_EXCEPTIONS[type];
      const text = java ? `org.apache.kafka.common.errors.${java}` : `${type}: error code ${g.errorCode}`;
      return { groupId: g.groupId, reason: `java.util.concurrent.ExecutionException: ${text}` };
    });
}

/** Kafka's exception class for an error code, as `ExecutionException.getMessage()` shows it (OffsetDelete has no broker text). */
const EXCEPTION_CLASSES: Record<string, string> = {
  NON_EMPTY_GROUP: 'GroupNotEmptyException',
  GROUP_AUTHORIZATION_FAILED: 'GroupAuthorizationException',
  TOPIC_AUTHORIZATION_FAILED: 'TopicAuthorizationException',
  GROUP_SUBSCRIBED_TO_TOPIC: 'GroupSubscribedToTopicException',
};

export function javaExceptionText(code: number, message?: string | null): string {
  const type = errorName(code);
  const cls =
    EXCEPTION_CLASSES[type] ??
    `${type
      .toLowerCase()
      .split('_')
      .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
      .join('')}Exception`;
  return `org.apache.kafka.common.errors.${cls}: ${message || (new BrokerError(code, null, '').message ?? type)}`;
}

export interface DeleteOffsetsResult {
  /** 0, or the request's error (GROUP_ID_NOT_FOUND, NON_EMPTY_GROUP, a partition's error ...) */
  topLevelCode: number;
  /** per partition (-1: a topic that could not be described): the Java exception text, or null when deleted */
  partitions: { topic: string; partition: number; error: string | null }[];
}

/**
 * consumer-groups --delete-offsets: the committed offsets of a group for whole topics (`t`) or
 * some partitions (`t:0,1`), as Kafka's ConsumerGroupCommand.deleteOffsets does it.
 */
export async function deleteGroupOffsets(s: GroupsSession, groupId: string, scopes: TopicScope[]): Promise<DeleteOffsetsResult> {
  const partitions: DeleteOffsetsResult['partitions'] = [];
  const wanted: { topic: string; partition: number }[] = [];
  for (const scope of scopes) {
    if (scope.partitions) {
      for (const partition of scope.partitions)
        if (!wanted.some((w) => w.topic === scope.topic && w.partition === partition)) wanted.push({ topic: scope.topic, partition });
      continue;
    }
    const meta = await s.call(s.client.metadata([scope.topic]));
    const t = meta.topics[0];
    if (t?.errorCode !== 0) {
      partitions.push({ topic: scope.topic, partition: -1, error: javaExceptionText(t?.errorCode || 3) });
      continue;
    }
    for (const p of t.partitions)
      if (!wanted.some((w) => w.topic === scope.topic && w.partition === p.partition)) wanted.push({ topic: scope.topic, partition: p.partition });
  }
  // sent even with nothing to delete: the broker still says whether the group exists
  const byTopic = new Map<string, number[]>();
  for (const w of wanted) byTopic.set(w.topic, [...(byTopic.get(w.topic) ?? []), w.partition]);
  // like Kafka's admin client, retry while the coordinator is being found, loaded or moved
  const { retrying } = await import('../client/kafka-client.js');
  const r = await s.call(
    retrying(async () => {
      const res = await ops.deleteCommittedOffsets(
        s.client,
        groupId,
        [...byTopic].map(([topic, ps]) => ({ topic, partitions: ps })),
      );
      if ([14, 15, 16].includes(res.errorCode)) {
        s.client.forgetCoordinator({ group: groupId });
        throw new BrokerError(res.errorCode, null, groupId);
      }
      return res;
    }, Date.now() + s.conn.timeoutMs),
  );
  const firstPartitionError = r.partitions.find((p) => p.errorCode !== 0)?.errorCode ?? 0;
  // a request-level error fails every partition with it (the admin client's behaviour)
  for (const w of wanted) {
    const p = r.partitions.find((x) => x.topic === w.topic && x.partition === w.partition);
    const code = r.errorCode !== 0 ? r.errorCode : (p?.errorCode ?? 0);
    partitions.push({ ...w, error: code === 0 ? null : javaExceptionText(code) });
  }
  return { topLevelCode: r.errorCode !== 0 ? r.errorCode : firstPartitionError, partitions };
}
