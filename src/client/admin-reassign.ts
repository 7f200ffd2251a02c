/**
 * Admin requests for moving partitions and their leaders, one function per Kafka request, sent
 * where Kafka's AdminClient sends them: partition reassignments and leader elections to the
 * controller (a KRaft broker forwards them), log-dir moves and their state to each broker.
 */
import { alterReplicaLogDirsV2, describeLogDirsV2, describeLogDirsV3, describeLogDirsV4, listPartitionReassignmentsV0 } from '@platformatic/kafka';
import {
  ALTER_PARTITION_REASSIGNMENTS_API_KEY,
  ALTER_PARTITION_REASSIGNMENTS_VERSIONS,
  decodeAlterPartitionReassignmentsResponse,
  encodeAlterPartitionReassignmentsRequest,
} from '../protocol/alter-partition-reassignments.js';
import {
  decodeElectLeadersResponse,
  ELECT_LEADERS_API_KEY,
  ELECT_LEADERS_VERSIONS,
  type ElectionTypeId,
  electLeadersFlexible,
  encodeElectLeadersRequest,
} from '../protocol/elect-leaders.js';
import { BrokerError } from './errors.js';
import type { KafkaClient } from './kafka-client.js';

export interface PartitionReassignment {
  topic: string;
  partition: number;
  replicas: number[];
  adding: number[];
  removing: number[];
}

function byTopic<T extends { topic: string; partition: number }>(items: T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of items) {
    let l = out.get(x.topic);
    if (!l) out.set(x.topic, (l = []));
    l.push(x);
  }
  return out;
}

/** Reassignments under way: all of them, or those of the given partitions. */
export async function listPartitionReassignments(
  c: KafkaClient,
  partitions: { topic: string; partition: number }[] | null = null,
): Promise<PartitionReassignment[]> {
  const topics = partitions === null ? null : [...byTopic(partitions)].map(([name, list]) => ({ name, partitionIndexes: list.map((p) => p.partition) }));
  const r = await c.call('controller', [listPartitionReassignmentsV0], [30_000, topics as never], { lenient: true });
  if (r.errorCode !== 0) throw new BrokerError(r.errorCode, r.errorMessage ?? null, 'list partition reassignments');
  return r.topics.flatMap((t) =>
    t.partitions.map((p) => ({ topic: t.name, partition: p.partitionIndex, replicas: p.replicas, adding: p.addingReplicas, removing: p.removingReplicas })),
  );
}

export interface PartitionResult {
  topic: string;
  partition: number;
  errorCode: number;
  errorMessage: string | null;
}

/** Starts (replicas given) or cancels (replicas null) reassignments; the answer per partition. */
export async function alterPartitionReassignments(
  c: KafkaClient,
  targets: { topic: string; partition: number; replicas: number[] | null }[],
  timeoutMs: number,
  allowReplicationFactorChange = true,
): Promise<PartitionResult[]> {
  const topics = [...byTopic(targets)].map(([topic, list]) => ({ topic, partitions: list.map((p) => ({ partition: p.partition, replicas: p.replicas })) }));
  // v1 (Kafka 4.1) adds allow_replication_factor_change (Kafka's tool allows it unless told not to); v0 has no such field
  const r = await c.request(
    'controller',
    ALTER_PARTITION_REASSIGNMENTS_API_KEY,
    ALTER_PARTITION_REASSIGNMENTS_VERSIONS,
    (v) => encodeAlterPartitionReassignmentsRequest({ timeoutMs, allowReplicationFactorChange, topics }, v),
    (reader, v) => decodeAlterPartitionReassignmentsResponse(reader.buffer.slice(reader.position, reader.length), v),
    () => true,
    { timeoutMs: timeoutMs + 5000 },
  );
  if (r.errorCode !== 0) {
    // a request-level error applies to every partition (e.g. NOT_CONTROLLER, an authorization failure)
    return targets.map((t) => ({ topic: t.topic, partition: t.partition, errorCode: r.errorCode, errorMessage: r.errorMessage }));
  }
  return r.partitions;
}

/** Preferred (0) or unclean (1) leader election, for the given partitions or (null) all eligible ones. */
export async function electLeaders(
  c: KafkaClient,
  electionType: ElectionTypeId,
  partitions: { topic: string; partition: number }[] | null,
  timeoutMs: number,
): Promise<PartitionResult[]> {
  const req = {
    electionType,
    partitions: partitions === null ? null : [...byTopic(partitions)].map(([topic, list]) => ({ topic, partitions: list.map((p) => p.partition) })),
    timeoutMs,
  };
  const r = await c.request(
    'controller',
    ELECT_LEADERS_API_KEY,
    ELECT_LEADERS_VERSIONS,
    (v) => encodeElectLeadersRequest(req, v),
    (reader, v) => decodeElectLeadersResponse(reader.buffer.slice(reader.position, reader.length), v),
    electLeadersFlexible,
    { timeoutMs: timeoutMs + 5000 },
  );
  if (r.errorCode !== 0) throw new BrokerError(r.errorCode, null, 'elect leaders');
  return r.results.map((x) => ({ topic: x.topic, partition: x.partition, errorCode: x.errorCode, errorMessage: x.errorMessage }));
}

export interface ReplicaLogDirInfo {
  /** the log dir holding the replica, null if the broker has it in none */
  current: string | null;
  /** where its future copy is being written during a move, or null */
  future: string | null;
}

/** Where each broker keeps the given replicas (Kafka's describeReplicaLogDirs), keyed topic\0partition\0broker. */
export async function describeReplicaLogDirs(
  c: KafkaClient,
  replicas: { topic: string; partition: number; broker: number }[],
): Promise<Map<string, ReplicaLogDirInfo>> {
  const out = new Map<string, ReplicaLogDirInfo>();
  const brokers = [...new Set(replicas.map((r) => r.broker))];
  await Promise.all(
    brokers.map(async (broker) => {
      const mine = replicas.filter((r) => r.broker === broker);
      const topics = [...byTopic(mine)].map(([name, list]) => ({ name, partitions: list.map((p) => p.partition) }));
      const r = await c.call(broker, [describeLogDirsV2, describeLogDirsV3, describeLogDirsV4], [topics], { lenient: true });
      for (const dir of r.results) {
        if (dir.errorCode !== 0) continue;
        for (const t of dir.topics)
          for (const p of t.partitions) {
            const k = `${t.name}\u0000${p.partitionIndex}\u0000${broker}`;
            const info = out.get(k) ?? { current: null, future: null };
            if (p.isFutureKey) info.future = dir.logDir;
            else info.current = dir.logDir;
            out.set(k, info);
          }
      }
    }),
  );
  return out;
}

/** Asks each broker to move replicas to the given log dirs; the error code per replica (0: accepted). */
export async function alterReplicaLogDirs(
  c: KafkaClient,
  moves: { topic: string; partition: number; broker: number; logDir: string }[],
): Promise<{ topic: string; partition: number; broker: number; errorCode: number }[]> {
  const out: { topic: string; partition: number; broker: number; errorCode: number }[] = [];
  const brokers = [...new Set(moves.map((m) => m.broker))];
  await Promise.all(
    brokers.map(async (broker) => {
      const mine = moves.filter((m) => m.broker === broker);
      const dirs = [...new Set(mine.map((m) => m.logDir))].map((path) => ({
        path,
        topics: [...byTopic(mine.filter((m) => m.logDir === path))].map(([name, list]) => ({ name, partitions: list.map((p) => p.partition) })),
      }));
      const r = await c.call(broker, [alterReplicaLogDirsV2], [dirs], { lenient: true });
      for (const t of r.results) for (const p of t.partitions) out.push({ topic: t.topicName, partition: p.partitionIndex, broker, errorCode: p.errorCode });
    }),
  );
  return out;
}
