/**
 * The JSON files of kafka-reassign-partitions, read and written as Kafka does:
 *
 *   --topics-to-move-json-file   {"topics":[{"topic":"foo"}],"version":1}
 *   --reassignment-json-file     {"version":1,"partitions":[{"topic":"foo","partition":0,
 *                                  "replicas":[1,2],"log_dirs":["any","any"]}]}
 *
 * with Kafka's checks and messages (duplicate partitions, duplicate replicas, log_dirs of
 * another length ...). Pure: the text comes in, plain data or a KafkaLabError comes out.
 */
import { KafkaLabError } from '../errors.js';

export const ANY_LOG_DIR = 'any';

/** A partition and its replicas, in order (the first is the preferred leader). */
export interface Assignment {
  topic: string;
  partition: number;
  replicas: number[];
}

export interface PartitionTarget {
  topic: string;
  partition: number;
  replicas: number[];
  /** one per replica: 'any' or an absolute log directory on that broker */
  logDirs: string[];
}

export interface ReplicaLogDir {
  topic: string;
  partition: number;
  broker: number;
  logDir: string;
}

export interface ReassignmentFile {
  partitions: PartitionTarget[];
  /** replicas the file places in a given log directory (those not 'any') */
  logDirMoves: ReplicaLogDir[];
}

/** Kafka's TopicPartition.toString */
export const tpName = (topic: string, partition: number) => `${topic}-${partition}`;
/** Kafka's TopicPartitionReplica.toString */
export const replicaName = (r: { topic: string; partition: number; broker: number }) => `${r.topic}-${r.partition}-${r.broker}`;

export function compareTopicPartitions(a: { topic: string; partition: number }, b: { topic: string; partition: number }): number {
  return a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition;
}

/** Kafka orders replica moves by broker, then topic and partition. */
export function compareReplicas(a: { topic: string; partition: number; broker: number }, b: { topic: string; partition: number; broker: number }): number {
  return a.broker - b.broker || compareTopicPartitions(a, b);
}

function invalid(file: string, what: string, example: string): KafkaLabError {
  return new KafkaLabError(`${file}: ${what}`, { kind: 'invalid-config', hint: `Expected Kafka's format, e.g. ${example}` });
}

export const TOPICS_EXAMPLE = '{"topics":[{"topic":"orders"}],"version":1}';
export const REASSIGNMENT_EXAMPLE = '{"version":1,"partitions":[{"topic":"orders","partition":0,"replicas":[1,2,3]}]}';

function parseJson(text: string, file: string, example: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw invalid(file, `not valid JSON (${(err as Error).message})`, example);
  }
}

function object(value: unknown, file: string, where: string, example: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalid(file, `${where} must be a JSON object`, example);
  return value as Record<string, unknown>;
}

function int(value: unknown, file: string, where: string, example: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < -2147483648 || value > 2147483647)
    throw invalid(file, `${where} must be an integer, got ${JSON.stringify(value)}`, example);
  return value;
}

function str(value: unknown, file: string, where: string, example: string): string {
  if (typeof value !== 'string') throw invalid(file, `${where} must be a string, got ${JSON.stringify(value)}`, example);
  return value;
}

function array(value: unknown, file: string, where: string, example: string): unknown[] {
  if (!Array.isArray(value)) throw invalid(file, `${where} must be a JSON array`, example);
  return value;
}

function checkVersion(doc: Record<string, unknown>, file: string, example: string): void {
  if (doc.version === undefined) return;
  const v = int(doc.version, file, '"version"', example);
  if (v !== 1) throw invalid(file, `Not supported version field value ${v}`, example);
}

function duplicates<T>(list: T[], key: (x: T) => string = String): T[] {
  const seen = new Set<string>();
  const dup = new Map<string, T>();
  for (const x of list) {
    const k = key(x);
    if (seen.has(k)) dup.set(k, x);
    seen.add(k);
  }
  return [...dup.values()];
}

/** --topics-to-move-json-file: the topic names, in file order. */
export function parseTopicsToMove(text: string, file: string): string[] {
  const doc = object(parseJson(text, file, TOPICS_EXAMPLE), file, 'the file', TOPICS_EXAMPLE);
  checkVersion(doc, file, TOPICS_EXAMPLE);
  if (doc.topics === undefined) return [];
  return array(doc.topics, file, '"topics"', TOPICS_EXAMPLE).map((t, i) => {
    const o = object(t, file, `topics[${i}]`, TOPICS_EXAMPLE);
    if (o.topic === undefined) throw invalid(file, `topics[${i}] has no "topic"`, TOPICS_EXAMPLE);
    return str(o.topic, file, `topics[${i}].topic`, TOPICS_EXAMPLE);
  });
}

/** --broker-list "1,2,3" (Kafka: Integer.parseInt of each, no duplicates). */
export function parseBrokerList(text: string): number[] {
  const ids = text.split(',').map((s) => {
    if (!/^[+-]?\d+$/.test(s) || Math.abs(Number(s)) > 2147483647)
      throw new KafkaLabError(`For input string: "${s}"`, { kind: 'usage', hint: 'Give broker ids separated by commas, e.g. --broker-list 1,2,3' });
    return Number(s);
  });
  const dup = duplicates(ids);
  if (dup.length > 0)
    throw new KafkaLabError(`Broker list contains duplicate entries: [${dup.join(', ')}]`, {
      kind: 'usage',
      hint: 'Name each broker once, e.g. --broker-list 1,2,3',
    });
  return ids;
}

/** Kafka's check of --topics-to-move-json-file: a topic named twice is refused. */
export function checkTopicsToMove(topics: string[]): void {
  const dup = duplicates(topics);
  if (dup.length > 0)
    throw new KafkaLabError(`List of topics to reassign contains duplicate entries: [${dup.join(', ')}]`, {
      kind: 'invalid-config',
      hint: 'Name each topic once in the file.',
    });
}

/** --reassignment-json-file as read by --verify and --cancel (no checks beyond the format). */
export function parseReassignment(text: string, file: string): ReassignmentFile {
  const doc = object(parseJson(text, file, REASSIGNMENT_EXAMPLE), file, 'the file', REASSIGNMENT_EXAMPLE);
  checkVersion(doc, file, REASSIGNMENT_EXAMPLE);
  const partitions: PartitionTarget[] = [];
  const logDirMoves: ReplicaLogDir[] = [];
  if (doc.partitions === undefined) return { partitions, logDirMoves };
  array(doc.partitions, file, '"partitions"', REASSIGNMENT_EXAMPLE).forEach((p, i) => {
    const o = object(p, file, `partitions[${i}]`, REASSIGNMENT_EXAMPLE);
    for (const field of ['topic', 'partition', 'replicas'])
      if (o[field] === undefined) throw invalid(file, `partitions[${i}] has no "${field}"`, REASSIGNMENT_EXAMPLE);
    const topic = str(o.topic, file, `partitions[${i}].topic`, REASSIGNMENT_EXAMPLE);
    const partition = int(o.partition, file, `partitions[${i}].partition`, REASSIGNMENT_EXAMPLE);
    const replicas = array(o.replicas, file, `partitions[${i}].replicas`, REASSIGNMENT_EXAMPLE).map((r, j) =>
      int(r, file, `partitions[${i}].replicas[${j}]`, REASSIGNMENT_EXAMPLE),
    );
    const logDirs =
      o.log_dirs === undefined
        ? replicas.map(() => ANY_LOG_DIR)
        : array(o.log_dirs, file, `partitions[${i}].log_dirs`, REASSIGNMENT_EXAMPLE).map((d, j) =>
            str(d, file, `partitions[${i}].log_dirs[${j}]`, REASSIGNMENT_EXAMPLE),
          );
    if (logDirs.length !== replicas.length) {
      throw new KafkaLabError(
        `Size of replicas list [${replicas.join(', ')}] is different from size of log dirs list [${logDirs.join(', ')}] for partition ${tpName(topic, partition)}`,
        { kind: 'invalid-config', hint: 'Give one log dir per replica ("any" lets the broker choose), or leave "log_dirs" out.' },
      );
    }
    partitions.push({ topic, partition, replicas, logDirs });
    replicas.forEach((broker, j) => {
      if (logDirs[j] !== ANY_LOG_DIR) logDirMoves.push({ topic, partition, broker, logDir: logDirs[j]! });
    });
  });
  return { partitions, logDirMoves };
}

/** --execute's checks of a reassignment file (Kafka's parseExecuteAssignmentArgs). */
export function checkExecutable(f: ReassignmentFile): void {
  const hint = `A reassignment file names each partition once with its new replicas, e.g. ${REASSIGNMENT_EXAMPLE}`;
  if (f.partitions.length === 0) throw new KafkaLabError('Partition reassignment list cannot be empty', { kind: 'invalid-config', hint });
  if (f.partitions.some((p) => p.replicas.length === 0)) throw new KafkaLabError('Partition replica list cannot be empty', { kind: 'invalid-config', hint });
  const dupParts = duplicates(f.partitions, (p) => tpName(p.topic, p.partition));
  if (dupParts.length > 0)
    throw new KafkaLabError(`Partition reassignment contains duplicate topic partitions: ${dupParts.map((p) => tpName(p.topic, p.partition)).join(',')}`, {
      kind: 'invalid-config',
      hint,
    });
  const dupReplicas = f.partitions
    .map((p) => ({ p, dup: duplicates(p.replicas) }))
    .filter((x) => x.dup.length > 0)
    .map((x) => `${tpName(x.p.topic, x.p.partition)} contains multiple entries for ${x.dup.join(',')}`);
  if (dupReplicas.length > 0)
    throw new KafkaLabError(`Partition replica lists may not contain duplicate entries: ${dupReplicas.join('. ')}`, { kind: 'invalid-config', hint });
}

/**
 * Kafka's formatAsReassignmentJson: partitions in topic/partition order, "log_dirs" always
 * present ('any' unless a directory was given), written compactly as Jackson writes it.
 */
export function formatReassignmentJson(assignment: { topic: string; partition: number; replicas: number[] }[], logDirs: ReplicaLogDir[] = []): string {
  const dirOf = new Map(logDirs.map((d) => [`${d.topic}\u0000${d.partition}\u0000${d.broker}`, d.logDir]));
  const partitions = [...assignment].sort(compareTopicPartitions).map((a) => ({
    topic: a.topic,
    partition: a.partition,
    replicas: a.replicas,
    log_dirs: a.replicas.map((r) => dirOf.get(`${a.topic}\u0000${a.partition}\u0000${r}`) ?? ANY_LOG_DIR),
  }));
  return JSON.stringify({ version: 1, partitions });
}
