/**
 * kafka-reassign-partitions' work over an admin session: --generate, --execute (with the
 * throttles Kafka sets), --verify (which clears them once everything is done), --cancel and
 * --list. Each prints Kafka's lines through `emit` as it goes (as Kafka does, so what was done
 * before a failure has been said) and returns what happened as data.
 */
import { ConfigOp, incrementalAlterConfigs, ResourceType } from '../client/admin.js';
import {
  alterPartitionReassignments,
  alterReplicaLogDirs,
  describeReplicaLogDirs,
  listPartitionReassignments,
  type PartitionReassignment,
} from '../client/admin-reassign.js';
import { BrokerError, errorName } from '../client/errors.js';
import type { ClusterMetadata } from '../client/kafka-client.js';
import type { AdminSession } from '../client/session.js';
import { KafkaLabError } from '../errors.js';
import { hints } from '../hints.js';
import { assignReplicasToBrokers, type AssignOptions, type BrokerPlacement, type RandomInt } from '../reassign/assign.js';
import { stripedPlacement } from '../reassign/striped.js';
import {
  BROKER_LEVEL_THROTTLES,
  CANNOT_EXECUTE_BECAUSE_OF_EXISTING,
  cancelledText,
  clearingThrottlesText,
  currentAssignmentText,
  followerThrottles,
  leaderThrottles,
  logDirMoveState,
  MUST_RUN_VERIFY,
  NO_MOVES_ACTIVE,
  type PartitionState,
  partitionStatesText,
  plural,
  proposedMoveMap,
  reassigningBrokers,
  replicaMoveStatesText,
  type ReplicaMoveState,
  startedLogDirMoveText,
  startedText,
  TOPIC_LEVEL_THROTTLES,
} from '../reassign/moves.js';
import {
  type Assignment,
  compareReplicas,
  compareTopicPartitions,
  type PartitionTarget,
  type ReassignmentFile,
  type ReplicaLogDir,
  replicaName,
  tpName,
} from '../reassign/plan-json.js';
import { stringSetOrder, topicPartitionSetOrder } from '../util/java-hash.js';

export interface Emit {
  /** one line (a line end is added) */
  line(text: string): void;
  /** text as it is (Kafka's System.out.print) */
  raw(text: string): void;
}

export const silent: Emit = { line() {}, raw() {} };

export type { Assignment };

const key = (topic: string, partition: number) => `${topic}\u0000${partition}`;

/** The replicas of every partition of `topics`; a topic that does not exist fails as Kafka's tool fails. */
async function replicaAssignment(s: AdminSession, topics: string[]): Promise<{ meta: ClusterMetadata; assignment: Map<string, number[]> }> {
  const meta = await s.run(s.client.metadata([...new Set(topics)]));
  const assignment = new Map<string, number[]>();
  for (const t of meta.topics) {
    if (t.errorCode !== 0) {
      if (errorName(t.errorCode) === 'UNKNOWN_TOPIC_OR_PARTITION')
        throw new KafkaLabError(`Topic ${t.name} not found.`, { kind: 'not-found', hint: hints.topicsList });
      throw new BrokerError(t.errorCode, null, t.name);
    }
    for (const p of [...t.partitions].sort((a, b) => a.partition - b.partition)) assignment.set(key(t.name, p.partition), p.replicas);
  }
  return { meta, assignment };
}

function unknownBroker(id: number, live: number[]): KafkaLabError {
  return new KafkaLabError(`Unknown broker id ${id}`, {
    kind: 'not-found',
    hint: `The live brokers are ${[...live].sort((a, b) => a - b).join(', ')} (kafka-lab cluster status); a stopped broker cannot take replicas.`,
  });
}

// ---------------------------------------------------------------- --generate

/** How --generate places replicas: Kafka 3's tool (AdminUtils) or Kafka 4's (the KRaft controller's StripedReplicaPlacer). */
export type Placement = 'admin-utils' | 'striped';

/**
 * The placement of the Kafka tool of the cluster's own version. Kafka 4 dropped old request
 * versions (KIP-896): Fetch before 4, ListOffsets 0, DescribeConfigs 0. (Produce is no signal:
 * 4.0 still advertises its old versions for librdkafka's sake.)
 */
export async function clusterPlacement(s: AdminSession): Promise<Placement> {
  const versions = await s.run(s.client.versions('any'));
  const min = (key: number) => versions.get(key)?.minVersion ?? 0;
  return min(1) >= 4 || min(2) >= 1 || min(32) >= 1 ? 'striped' : 'admin-utils';
}

export interface GenerateResult {
  current: Assignment[];
  proposed: Assignment[];
}

/**
 * Kafka's candidate plan: each topic's partitions placed afresh over `brokers` with Kafka's
 * replica placement, keeping each topic's replication factor.
 */
export async function generate(
  s: AdminSession,
  o: { topics: string[]; brokers: number[]; rackAware: boolean; placement: Placement; random?: RandomInt; assign?: AssignOptions },
): Promise<GenerateResult> {
  const { meta, assignment } = await replicaAssignment(s, o.topics);
  const live = meta.brokers.map((b) => b.nodeId);
  // Kafka leaves out a listed broker it does not know; kafka-lab says so instead of planning without it
  const missing = o.brokers.find((id) => !live.includes(id));
  if (missing !== undefined) throw unknownBroker(missing, live);
  const placements: BrokerPlacement[] = meta.brokers
    .filter((b) => o.brokers.includes(b.nodeId))
    .sort((a, b) => a.nodeId - b.nodeId)
    .map((b) => ({ id: b.nodeId, rack: o.rackAware ? b.rack : null }));
  const rackless = placements.filter((p) => p.rack === null || p.rack === undefined).length;
  if (o.rackAware && rackless !== 0 && rackless !== placements.length) {
    throw new KafkaLabError(
      'Not all brokers have rack information. Add --disable-rack-aware in command line to make replica assignment without rack information.',
      { kind: 'failed', hint: 'Set broker.rack on every broker, or add --disable-rack-aware.' },
    );
  }
  const current: Assignment[] = [...assignment].map(([k, replicas]) => {
    const i = k.indexOf('\u0000');
    return { topic: k.slice(0, i), partition: Number(k.slice(i + 1)), replicas };
  });
  const proposed: Assignment[] = [];
  // Kafka draws from one Random for all topics, walking them in its HashMap's order
  const inHashOrder = topicPartitionSetOrder(current);
  for (const topic of stringSetOrder([...new Set(inHashOrder.map((c) => c.topic))])) {
    const parts = current.filter((c) => c.topic === topic);
    // Kafka takes the replication factor of the topic's first partition in its HashMap's order
    const rf = inHashOrder.find((c) => c.topic === topic)!.replicas.length;
    const placed =
      o.placement === 'striped'
        ? stripedPlacement(placements, parts.length, rf, o.random)
        : assignReplicasToBrokers(placements, parts.length, rf, { random: o.random, ...o.assign });
    for (const [partition, replicas] of placed) proposed.push({ topic, partition, replicas });
  }
  return { current: current.sort(compareTopicPartitions), proposed: proposed.sort(compareTopicPartitions) };
}

// ---------------------------------------------------------------- --execute

export interface ExecuteOptions {
  additional: boolean;
  /** bytes/s between brokers; negative: no throttle */
  throttle: number;
  /** bytes/s between log dirs of a broker; negative: no throttle */
  logDirThrottle: number;
  /** how long to wait for log-dir moves to be accepted */
  timeoutMs: number;
  allowReplicationFactorChange: boolean;
}

export interface ExecuteResult {
  /** the replicas before the move, as the rollback file */
  current: Assignment[];
  started: Assignment[];
  throttledBrokers: number[];
}

export async function execute(s: AdminSession, file: ReassignmentFile, o: ExecuteOptions, emit: Emit): Promise<ExecuteResult> {
  const ongoing = await s.run(listPartitionReassignments(s.client));
  if (!o.additional && ongoing.length > 0) {
    throw new KafkaLabError(CANNOT_EXECUTE_BECAUSE_OF_EXISTING, {
      kind: 'already-exists',
      hint: 'kafka-lab reassign-partitions --list shows it; wait for it (--verify), cancel it (--cancel), or add --additional.',
    });
  }
  const meta = await s.run(s.client.metadata([]));
  const live = meta.brokers.map((b) => b.nodeId);
  for (const id of new Set(file.partitions.flatMap((p) => p.replicas))) if (!live.includes(id)) throw unknownBroker(id, live);
  const current = await currentReplicas(s, file.partitions);
  emit.line(currentAssignmentText(file.partitions, current));

  let throttledBrokers: number[] = [];
  if (o.throttle >= 0 || o.logDirThrottle >= 0) {
    emit.line(MUST_RUN_VERIFY);
    if (o.throttle >= 0) {
      const moves = proposedMoveMap(toOngoing(ongoing), file.partitions, current);
      const leader = leaderThrottles(moves);
      const follower = followerThrottles(moves);
      for (const topic of new Set([...leader.keys(), ...follower.keys()])) {
        await s.run(
          incrementalAlterConfigs(s.client, ResourceType.TOPIC, topic, [
            ...(leader.has(topic) ? [{ name: TOPIC_LEVEL_THROTTLES[0]!, op: ConfigOp.SET, value: leader.get(topic)! }] : []),
            ...(follower.has(topic) ? [{ name: TOPIC_LEVEL_THROTTLES[1]!, op: ConfigOp.SET, value: follower.get(topic)! }] : []),
          ]),
        );
      }
      throttledBrokers = reassigningBrokers(moves);
      for (const b of throttledBrokers)
        await s.run(
          incrementalAlterConfigs(s.client, ResourceType.BROKER, String(b), [
            { name: BROKER_LEVEL_THROTTLES[0]!, op: ConfigOp.SET, value: String(o.throttle) },
            { name: BROKER_LEVEL_THROTTLES[1]!, op: ConfigOp.SET, value: String(o.throttle) },
          ]),
        );
      emit.line(`The inter-broker throttle limit was set to ${o.throttle} B/s`);
    }
    if (o.logDirThrottle >= 0) {
      for (const b of new Set(file.logDirMoves.map((m) => m.broker)))
        await s.run(
          incrementalAlterConfigs(s.client, ResourceType.BROKER, String(b), [
            { name: BROKER_LEVEL_THROTTLES[2]!, op: ConfigOp.SET, value: String(o.logDirThrottle) },
          ]),
        );
      emit.line(`The replica-alter-dir throttle limit was set to ${o.logDirThrottle} B/s`);
    }
  }

  const results = await s.run(alterPartitionReassignments(s.client, file.partitions, 30_000, o.allowReplicationFactorChange));
  const failed = results.filter((r) => r.errorCode !== 0).sort(compareTopicPartitions);
  if (failed.length > 0) {
    const lines = failed.map((f) => `${tpName(f.topic, f.partition)}: ${new BrokerError(f.errorCode, f.errorMessage, tpName(f.topic, f.partition)).message}`);
    throw new KafkaLabError(`Error reassigning partition(s): ${lines[0]}`, {
      kind: 'broker',
      hint: 'Check the partitions and broker ids in the file (kafka-lab topics --describe shows the current replicas).',
      details: lines.slice(1),
    });
  }
  emit.line(startedText(file.partitions));
  if (file.logDirMoves.length > 0) await executeLogDirMoves(s, file.logDirMoves, o.timeoutMs, emit);
  return {
    current: [...current]
      .filter(([k]) => file.partitions.some((p) => key(p.topic, p.partition) === k))
      .map(([k, replicas]) => {
        const i = k.indexOf('\u0000');
        return { topic: k.slice(0, i), partition: Number(k.slice(i + 1)), replicas };
      })
      .sort(compareTopicPartitions),
    started: file.partitions.map((p) => ({ topic: p.topic, partition: p.partition, replicas: p.replicas })),
    throttledBrokers,
  };
}

function toOngoing(list: PartitionReassignment[]) {
  return list.map((r) => ({ topic: r.topic, partition: r.partition, replicas: r.replicas, adding: r.adding, removing: r.removing }));
}

/** The current replicas of the given partitions; a missing topic or partition fails as in Kafka. */
async function currentReplicas(s: AdminSession, partitions: { topic: string; partition: number }[]): Promise<Map<string, number[]>> {
  const { assignment } = await replicaAssignment(
    s,
    partitions.map((p) => p.topic),
  );
  const missing = partitions.filter((p) => !assignment.has(key(p.topic, p.partition)));
  if (missing.length > 0) {
    throw new KafkaLabError(`Unable to find partition: ${missing.map((p) => tpName(p.topic, p.partition)).join(', ')}`, {
      kind: 'not-found',
      hint: 'kafka-lab topics --describe --topic T shows how many partitions a topic has.',
    });
  }
  return assignment;
}

/** Asks the brokers to move replicas between log dirs until each accepted (a replica still being created answers later). */
async function executeLogDirMoves(s: AdminSession, moves: ReplicaLogDir[], timeoutMs: number, emit: Emit): Promise<void> {
  const pending = new Map(moves.map((m) => [replicaName(m), m]));
  const start = Date.now();
  for (;;) {
    const results = await s.run(alterReplicaLogDirs(s.client, [...pending.values()]));
    const accepted = results.filter((r) => r.errorCode === 0);
    const bad = results.find((r) => r.errorCode !== 0 && errorName(r.errorCode) !== 'REPLICA_NOT_AVAILABLE');
    if (bad) {
      throw new KafkaLabError(`Failed to alter dir for ${replicaName(bad)}: ${new BrokerError(bad.errorCode, null, replicaName(bad)).message}`, {
        kind: 'broker',
        hint: "The log dir must be one of the broker's log.dirs (kafka-lab log-dirs shows them).",
      });
    }
    for (const r of [...accepted].sort(compareReplicas)) {
      const m = pending.get(replicaName(r));
      if (m) emit.line(startedLogDirMoveText(m));
      pending.delete(replicaName(r));
    }
    if (pending.size === 0) return;
    if (Date.now() >= start + timeoutMs) {
      const names = [...pending.values()].sort(compareReplicas).map(replicaName);
      throw new KafkaLabError(`Timed out before log directory move${plural(names.length)} could be started for: ${names.join(',')}`, {
        kind: 'timeout',
        hint: 'The replica must exist on the broker first; run --execute again later, or raise --timeout.',
      });
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

// ---------------------------------------------------------------- --verify

export interface VerifyResult {
  partitions: PartitionState[];
  /** some reassignment (of these partitions or any other) is still under way */
  partitionsOngoing: boolean;
  logDirMoves: ReplicaMoveState[];
  logDirMovesOngoing: boolean;
  /** throttles cleared (everything done and not --preserve-throttles) */
  throttlesCleared: { brokers: number[]; topics: string[] } | null;
}

export async function partitionStates(s: AdminSession, targets: PartitionTarget[]): Promise<{ states: PartitionState[]; ongoing: boolean }> {
  const ongoing = await s.run(listPartitionReassignments(s.client));
  const byKey = new Map(ongoing.map((r) => [key(r.topic, r.partition), r]));
  const notFound = targets.filter((t) => !byKey.has(key(t.topic, t.partition)));
  const described = new Map<string, number[]>();
  if (notFound.length > 0) {
    const meta = await s.run(s.client.metadata([...new Set(notFound.map((t) => t.topic))]));
    for (const t of meta.topics) if (t.errorCode === 0) for (const p of t.partitions) described.set(key(t.name, p.partition), p.replicas);
  }
  const states = targets.map((t) => {
    const on = byKey.get(key(t.topic, t.partition));
    return on
      ? { topic: t.topic, partition: t.partition, current: on.replicas, target: t.replicas, done: false }
      : { topic: t.topic, partition: t.partition, current: described.get(key(t.topic, t.partition)) ?? [], target: t.replicas, done: true };
  });
  return { states, ongoing: ongoing.length > 0 };
}

async function logDirMoveStates(s: AdminSession, moves: ReplicaLogDir[]): Promise<ReplicaMoveState[]> {
  if (moves.length === 0) return [];
  const found = await s.run(describeReplicaLogDirs(s.client, moves));
  return moves.map((m) => ({
    topic: m.topic,
    partition: m.partition,
    broker: m.broker,
    state: logDirMoveState(m.logDir, found.get(`${m.topic}\u0000${m.partition}\u0000${m.broker}`)),
  }));
}

/** Removes every reassignment throttle from the cluster's brokers and the file's topics (Kafka's clearAllThrottles). */
async function clearAllThrottles(s: AdminSession, targets: PartitionTarget[], emit: Emit): Promise<{ brokers: number[]; topics: string[] }> {
  const meta = await s.run(s.client.metadata([]));
  const live = meta.brokers.map((b) => b.nodeId);
  const { brokers, topics, text } = clearingThrottlesText(live, targets);
  const [brokerLine, topicLine] = text.split('\n');
  emit.line(brokerLine!);
  // a broker of the file that is not running has no dynamic config to clear
  for (const b of brokers.filter((x) => live.includes(x)))
    await s.run(
      incrementalAlterConfigs(
        s.client,
        ResourceType.BROKER,
        String(b),
        BROKER_LEVEL_THROTTLES.map((name) => ({ name, op: ConfigOp.DELETE, value: null })),
      ),
    );
  emit.line(topicLine!);
  for (const t of topics)
    await s.run(
      incrementalAlterConfigs(
        s.client,
        ResourceType.TOPIC,
        t,
        TOPIC_LEVEL_THROTTLES.map((name) => ({ name, op: ConfigOp.DELETE, value: null })),
      ),
      { topic: t },
    );
  return { brokers, topics };
}

export async function verify(s: AdminSession, file: ReassignmentFile, o: { preserveThrottles: boolean }, emit: Emit): Promise<VerifyResult> {
  const { states, ongoing } = await partitionStates(s, file.partitions);
  emit.line(partitionStatesText(states));
  const moves = await logDirMoveStates(s, file.logDirMoves);
  emit.line(replicaMoveStatesText(moves));
  const movesOngoing = !moves.every((m) => m.state.kind === 'completed' || m.state.kind === 'cancelled');
  let cleared: VerifyResult['throttlesCleared'] = null;
  if (!ongoing && !movesOngoing && !o.preserveThrottles) cleared = await clearAllThrottles(s, file.partitions, emit);
  return { partitions: states, partitionsOngoing: ongoing, logDirMoves: moves, logDirMovesOngoing: movesOngoing, throttlesCleared: cleared };
}

// ---------------------------------------------------------------- --cancel, --list

export interface CancelResult {
  cancelled: { topic: string; partition: number }[];
  logDirMovesCancelled: { topic: string; partition: number; broker: number }[];
  throttlesCleared: { brokers: number[]; topics: string[] } | null;
}

export async function cancel(s: AdminSession, file: ReassignmentFile, o: { preserveThrottles: boolean; timeoutMs: number }, emit: Emit): Promise<CancelResult> {
  const ongoing = await s.run(listPartitionReassignments(s.client, file.partitions));
  // like Kafka: a partition only being added to (nothing removed yet) is not cancelled
  const toCancel = ongoing.filter((r) => r.adding.length === 0 || r.removing.length > 0).map((r) => ({ topic: r.topic, partition: r.partition }));
  if (toCancel.length > 0) {
    const results = await s.run(
      alterPartitionReassignments(
        s.client,
        toCancel.map((p) => ({ ...p, replicas: null })),
        30_000,
      ),
    );
    const failed = results.filter((r) => r.errorCode !== 0).sort(compareTopicPartitions);
    if (failed.length > 0) {
      const lines = failed.map((f) => `${tpName(f.topic, f.partition)}: ${new BrokerError(f.errorCode, f.errorMessage, tpName(f.topic, f.partition)).message}`);
      throw new KafkaLabError(`Error cancelling partition reassignment${plural(failed.length)} for: ${lines[0]}`, {
        kind: 'broker',
        hint: 'kafka-lab reassign-partitions --list shows what is under way.',
        details: lines.slice(1),
      });
    }
  }
  emit.line(cancelledText(toCancel));
  const moves = await logDirMoveStates(s, file.logDirMoves);
  const active = moves.filter((m) => m.state.kind === 'active');
  if (active.length === 0) emit.raw(NO_MOVES_ACTIVE);
  else
    await executeLogDirMoves(
      s,
      active.map((m) => ({ topic: m.topic, partition: m.partition, broker: m.broker, logDir: (m.state as { current: string }).current })),
      o.timeoutMs,
      emit,
    );
  const cleared = o.preserveThrottles ? null : await clearAllThrottles(s, file.partitions, emit);
  return {
    cancelled: toCancel,
    logDirMovesCancelled: active.map((m) => ({ topic: m.topic, partition: m.partition, broker: m.broker })),
    throttlesCleared: cleared,
  };
}

export async function listOngoing(s: AdminSession): Promise<PartitionReassignment[]> {
  return (await s.run(listPartitionReassignments(s.client))).sort(compareTopicPartitions);
}
