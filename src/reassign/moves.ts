/**
 * What kafka-reassign-partitions computes and prints around a reassignment, as Kafka does it:
 * which replicas move (sources and destinations per partition), the throttle configs that
 * follow from that (leader.replication.throttled.replicas on the sources, follower.* on the
 * destinations, *.replication.throttled.rate on every broker involved), and the lines of
 * --execute, --verify, --cancel and --list. Pure.
 */
import { integerSetOrder, stringSetOrder } from '../util/java-hash.js';
import { compareReplicas, compareTopicPartitions, formatReassignmentJson, replicaName, tpName } from './plan-json.js';

export interface OngoingReassignment {
  topic: string;
  partition: number;
  /** every replica during the move (old and new) */
  replicas: number[];
  adding: number[];
  removing: number[];
}

export interface PartitionMove {
  sources: Set<number>;
  destinations: Set<number>;
}

/** topic -> partition -> move */
export type MoveMap = Map<string, Map<number, PartitionMove>>;

/** The throttle configs a reassignment sets (Kafka's QuotaConfig names). */
export const BROKER_LEVEL_THROTTLES = [
  'leader.replication.throttled.rate',
  'follower.replication.throttled.rate',
  'replica.alter.log.dirs.io.max.bytes.per.second',
];
export const TOPIC_LEVEL_THROTTLES = ['leader.replication.throttled.replicas', 'follower.replication.throttled.replicas'];

const key = (topic: string, partition: number) => `${topic}\u0000${partition}`;

function movesOf(map: MoveMap, topic: string): Map<number, PartitionMove> {
  let m = map.get(topic);
  if (!m) map.set(topic, (m = new Map()));
  return m;
}

/** Moves under way: sources are the replicas that were there before, destinations those being added. */
export function currentMoveMap(ongoing: OngoingReassignment[]): MoveMap {
  const map: MoveMap = new Map();
  for (const r of ongoing) {
    const sources = new Set(r.replicas.filter((x) => !r.adding.includes(x)));
    movesOf(map, r.topic).set(r.partition, { sources, destinations: new Set(r.adding) });
  }
  return map;
}

/**
 * Every partition that will be moving once `proposed` is submitted, added to those already
 * moving. A partition already moving keeps its original sources.
 */
export function proposedMoveMap(
  ongoing: OngoingReassignment[],
  proposed: { topic: string; partition: number; replicas: number[] }[],
  current: Map<string, number[]>,
): MoveMap {
  const map = currentMoveMap(ongoing);
  for (const p of proposed) {
    const moves = movesOf(map, p.topic);
    const existing = moves.get(p.partition);
    const sources = new Set(existing ? existing.sources : (current.get(key(p.topic, p.partition)) ?? []));
    const destinations = new Set(p.replicas.filter((r) => !sources.has(r)));
    moves.set(p.partition, { sources, destinations });
  }
  return map;
}

/** leader.replication.throttled.replicas per topic: partition:source pairs, sorted as strings (Kafka's TreeSet). */
export function leaderThrottles(map: MoveMap): Map<string, string> {
  const out = new Map<string, string>();
  for (const [topic, moves] of map) {
    const parts = new Set<string>();
    for (const [p, m] of moves) for (const s of m.sources) parts.add(`${p}:${s}`);
    out.set(topic, [...parts].sort().join(','));
  }
  return out;
}

/** follower.replication.throttled.replicas per topic: partition:destination pairs. */
export function followerThrottles(map: MoveMap): Map<string, string> {
  const out = new Map<string, string>();
  for (const [topic, moves] of map) {
    const parts = new Set<string>();
    for (const [p, m] of moves) for (const d of m.destinations) if (!m.sources.has(d)) parts.add(`${p}:${d}`);
    out.set(topic, [...parts].sort().join(','));
  }
  return out;
}

/** Every broker a move reads from or writes to, ascending. */
export function reassigningBrokers(map: MoveMap): number[] {
  const all = new Set<number>();
  for (const moves of map.values())
    for (const m of moves.values()) {
      for (const s of m.sources) all.add(s);
      for (const d of m.destinations) all.add(d);
    }
  return [...all].sort((a, b) => a - b);
}

// ---------------------------------------------------------------- text

export const CANNOT_EXECUTE_BECAUSE_OF_EXISTING =
  'Cannot execute because there is an existing partition assignment.  Use --additional to override this and create a new partition assignment in addition to the existing one. The --additional flag can also be used to change the throttle by resubmitting the current reassignment.';
export const MUST_RUN_VERIFY = 'Warning: You must run --verify periodically, until the reassignment completes, to ensure the throttle is removed.';

/** What --execute prints first: the current replicas of the partitions about to move (the rollback file). */
export function currentAssignmentText(proposed: { topic: string; partition: number }[], current: Map<string, number[]>): string {
  const wanted = new Set(proposed.map((p) => key(p.topic, p.partition)));
  const parts = [...current]
    .filter(([k]) => wanted.has(k))
    .map(([k, replicas]) => {
      const i = k.indexOf('\u0000');
      return { topic: k.slice(0, i), partition: Number(k.slice(i + 1)), replicas };
    });
  return `Current partition replica assignment\n\n${formatReassignmentJson(parts)}\n\nSave this to use as the --reassignment-json-file option during rollback`;
}

export const plural = (n: number) => (n === 1 ? '' : 's');

export function startedText(proposed: { topic: string; partition: number }[]): string {
  const names = [...proposed].sort(compareTopicPartitions).map((p) => tpName(p.topic, p.partition));
  return `Successfully started partition reassignment${plural(names.length)} for ${names.join(',')}`;
}

export interface PartitionState {
  topic: string;
  partition: number;
  current: number[];
  target: number[];
  /** no reassignment of this partition is under way */
  done: boolean;
}

/** --verify's partition lines. */
export function partitionStatesText(states: PartitionState[]): string {
  const lines = ['Status of partition reassignment:'];
  for (const s of [...states].sort(compareTopicPartitions)) {
    const name = tpName(s.topic, s.partition);
    if (!s.done) lines.push(`Reassignment of partition ${name} is still in progress.`);
    else if (s.current.join(',') === s.target.join(',')) lines.push(`Reassignment of partition ${name} is completed.`);
    else lines.push(`There is no active reassignment of partition ${name}, but replica set is ${s.current.join(',')} rather than ${s.target.join(',')}.`);
  }
  return lines.join('\n');
}

export type LogDirMoveState =
  | { kind: 'missing-replica'; target: string }
  | { kind: 'missing-log-dir'; target: string }
  | { kind: 'active'; current: string; target: string; future: string }
  | { kind: 'cancelled'; current: string; target: string }
  | { kind: 'completed'; target: string };

export interface ReplicaMoveState {
  topic: string;
  partition: number;
  broker: number;
  state: LogDirMoveState;
}

/** The state of one log-dir move from where the broker has the replica now and where its future copy is. */
export function logDirMoveState(target: string, found: { current: string | null; future: string | null } | undefined): LogDirMoveState {
  if (!found) return { kind: 'missing-replica', target };
  if (found.current === null) return { kind: 'missing-log-dir', target };
  if (found.future === null) return found.current === target ? { kind: 'completed', target } : { kind: 'cancelled', current: found.current, target };
  return { kind: 'active', current: found.current, target, future: found.future };
}

/** --verify's log-dir lines (empty when the file moves no replica between log dirs). */
export function replicaMoveStatesText(states: ReplicaMoveState[]): string {
  return [...states]
    .sort(compareReplicas)
    .map(({ topic, partition, broker, state: s }) => {
      const tp = `${topic}-${partition}`;
      switch (s.kind) {
        case 'missing-log-dir':
          return `Partition ${tp} is not found in any live log dir on broker ${broker}. There is likely an offline log directory on the broker.`;
        case 'missing-replica':
          return `Partition ${tp} cannot be found in any live log directory on broker ${broker}.`;
        case 'active':
          return s.target === s.future
            ? `Reassignment of replica ${replicaName({ topic, partition, broker })} is still in progress.`
            : `Partition ${tp} on broker ${broker} is being moved to log dir ${s.future} instead of ${s.target}.`;
        case 'cancelled':
          return `Partition ${tp} on broker ${broker} is not being moved from log dir ${s.current} to ${s.target}.`;
        default:
          return `Reassignment of replica ${replicaName({ topic, partition, broker })} completed successfully.`;
      }
    })
    .join('\n');
}

/**
 * The two lines of clearing the throttles. Kafka joins HashSets here: the brokers (the
 * cluster's, then those of the file) and the topics of the file, in Java's hash order.
 */
export function clearingThrottlesText(
  clusterBrokers: number[],
  targets: { topic: string; replicas: number[] }[],
): { brokers: number[]; topics: string[]; text: string } {
  const brokers = integerSetOrder([...clusterBrokers, ...targets.flatMap((t) => t.replicas)]);
  const topics = stringSetOrder(targets.map((t) => t.topic));
  return {
    brokers,
    topics,
    text: `Clearing broker-level throttles on broker${plural(brokers.length)} ${brokers.join(',')}\nClearing topic-level throttles on topic${plural(topics.length)} ${topics.join(',')}`,
  };
}

/** --list */
export function ongoingReassignmentsText(ongoing: OngoingReassignment[]): string {
  if (ongoing.length === 0) return 'No partition reassignments found.';
  const lines = [...ongoing]
    .sort(compareTopicPartitions)
    .map(
      (r) =>
        `${tpName(r.topic, r.partition)}: replicas: ${r.replicas.join(',')}.${r.adding.length > 0 ? ` adding: ${r.adding.join(',')}.` : ''}${r.removing.length > 0 ? ` removing: ${r.removing.join(',')}.` : ''}`,
    );
  return `Current partition reassignments:\n${lines.join('\n')}`;
}

export function cancelledText(parts: { topic: string; partition: number }[]): string {
  if (parts.length === 0) return 'None of the specified partition reassignments are active.';
  const names = [...parts].sort(compareTopicPartitions).map((p) => tpName(p.topic, p.partition));
  return `Successfully cancelled partition reassignment${plural(names.length)} for: ${names.join(',')}`;
}

/** Kafka prints this one without a line end (System.out.print). */
export const NO_MOVES_ACTIVE = 'None of the specified partition moves are active.';

export function startedLogDirMoveText(m: { topic: string; partition: number; broker: number; logDir: string }): string {
  // sic: Kafka's line ends with a space
  return `Successfully started moving log directory to ${m.logDir} for replica ${m.topic}-${m.partition} with broker ${m.broker} `;
}

export { compareReplicas };
