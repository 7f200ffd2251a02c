/**
 * The work behind `kafka-lab topics`: list, create, describe, alter, delete over an
 * AdminSession, with Kafka's rules and texts. Output formatting lives in the command.
 */
import { createPartitions, createTopics, deleteTopics as deleteTopicsRequest, describeTopicConfigs, listTopicNames, throwFirst } from '../client/admin.js';
import type { AdminSession } from '../client/session.js';
import { KafkaLabError } from '../errors.js';
import { topicCommandDescribeOrder, type TopicInfo } from '../format/topic-describe.js';
import { hints } from '../hints.js';
import { collidingTopics, includeListMatcher, isInternalTopic, topicNameProblem } from './topic-rules.js';

export const TOPIC_APIS = ['Metadata', 'CreateTopics', 'DeleteTopics', 'CreatePartitions', 'DescribeConfigs'];

export function assertValidTopicName(name: string): void {
  const problem = topicNameProblem(name);
  if (problem) {
    throw new KafkaLabError(`Topic name is invalid: ${problem}`, { kind: 'usage', hint: hints.topicName });
  }
}

/** Sorted topic names, filtered by Kafka's --topic include-list and --exclude-internal. */
export async function listTopics(s: AdminSession, pattern: string | undefined, excludeInternal: boolean): Promise<string[]> {
  const all = (await s.run(listTopicNames(s.client))).sort();
  let match: (t: string) => boolean = () => true;
  if (pattern) {
    try {
      match = includeListMatcher(pattern);
    } catch (err) {
      throw new KafkaLabError((err as Error).message, { hint: "--topic takes a regex such as 'orders.*' or a list 'a,b'.", kind: 'usage' });
    }
  }
  return all.filter((t) => match(t) && !(excludeInternal && isInternalTopic(t)));
}

export function missingTopicError(requested: string): KafkaLabError {
  return new KafkaLabError(`Topic '${requested}' does not exist as expected`, {
    kind: 'not-found',
    hint: 'kafka-lab topics --list shows the topics; add --if-exists to ignore this.',
  });
}

export interface CreateRequest {
  name: string;
  partitions?: number;
  replicationFactor?: number;
  assignment?: number[][];
  configs: [string, string][];
  ifNotExists: boolean;
}

/** Creates a topic; returns false when it existed and --if-not-exists said to ignore that. */
export async function createTopic(s: AdminSession, req: CreateRequest): Promise<boolean> {
  assertValidTopicName(req.name);
  if (req.replicationFactor !== undefined && (req.replicationFactor < 1 || req.replicationFactor > 32767)) {
    throw new KafkaLabError('The replication factor must be between 1 and 32767 inclusive', {
      hint: 'Example: --replication-factor 1 (at most the number of brokers).',
      kind: 'usage',
    });
  }
  if (req.partitions !== undefined && req.partitions < 1) {
    throw new KafkaLabError('The partitions must be greater than 0', { hint: 'Example: --partitions 3', kind: 'usage' });
  }
  try {
    const results = await s.run(
      createTopics(
        s.client,
        [
          {
            name: req.name,
            partitions: req.partitions ?? -1,
            replicationFactor: req.replicationFactor ?? -1,
            assignments: req.assignment,
            configs: req.configs,
          },
        ],
        Math.max(1000, s.conn.timeoutMs - 500),
      ),
      { topic: req.name },
    );
    await s.run(
      Promise.resolve().then(() => throwFirst(results)),
      { topic: req.name },
    );
    return true;
  } catch (err) {
    const e = err as KafkaLabError & { cause?: { type?: string; brokerMessage?: string } };
    const type = e.cause?.type;
    if (type === 'TOPIC_ALREADY_EXISTS') {
      if (req.ifNotExists) return false;
      throw new KafkaLabError(`Topic '${req.name}' already exists.`, { kind: 'already-exists', hint: hints.topicExists });
    }
    if (
      type === 'INVALID_REPLICATION_FACTOR' ||
      type === 'INVALID_PARTITIONS' ||
      type === 'INVALID_TOPIC_EXCEPTION' ||
      type === 'INVALID_CONFIG' ||
      type === 'INVALID_REPLICA_ASSIGNMENT'
    ) {
      const hint =
        type === 'INVALID_REPLICATION_FACTOR'
          ? 'The replication factor cannot exceed the number of live brokers (kafka-lab cluster status).'
          : type === 'INVALID_CONFIG'
            ? 'kafka-lab configs --describe --all --entity-type topics --entity-name <topic> lists valid topic configs.'
            : type === 'INVALID_TOPIC_EXCEPTION'
              ? "Names that differ only by '.' versus '_' collide; pick another name."
              : 'Check --partitions / --replica-assignment.';
      throw new KafkaLabError(e.cause?.brokerMessage ?? e.message, { kind: 'broker', hint });
    }
    throw err;
  }
}

/** Kafka-style collision check done client-side too, so the warning can name the other topic. */
export async function collisionsFor(s: AdminSession, name: string): Promise<string[]> {
  return collidingTopics(name, await s.run(listTopicNames(s.client)));
}

export async function deleteTopics(s: AdminSession, topics: string[]): Promise<void> {
  if (topics.length === 0) return;
  const results = await s.run(deleteTopicsRequest(s.client, topics, Math.max(1000, s.conn.timeoutMs - 500)), { topic: topics.join(',') });
  await s.run(
    Promise.resolve().then(() => throwFirst(results)),
    { topic: topics.join(',') },
  );
}

export async function alterPartitions(s: AdminSession, topics: string[], count: number, assignment: number[][] | undefined): Promise<void> {
  if (count < 1) throw new KafkaLabError('The partitions must be greater than 0', { hint: 'Example: --partitions 6', kind: 'usage' });
  for (const t of topics) {
    try {
      let extra: number[][] | null = null;
      if (assignment) {
        const meta = await s.run(s.client.metadata([t]), { topic: t });
        extra = assignment.slice(meta.topics[0]?.partitions.length ?? 0);
      }
      await s.run(createPartitions(s.client, t, count, extra, Math.max(1000, s.conn.timeoutMs - 500)), { topic: t });
    } catch (err) {
      const e = err as KafkaLabError & { cause?: { type?: string; brokerMessage?: string } };
      if (e.cause?.type === 'INVALID_PARTITIONS' || e.cause?.type === 'INVALID_REPLICA_ASSIGNMENT') {
        throw new KafkaLabError(e.cause.brokerMessage ?? e.message, {
          kind: 'broker',
          hint: 'Kafka can only add partitions, never remove them; give a larger --partitions.',
        });
      }
      throw err;
    }
  }
}

export interface DescribeResult {
  topics: TopicInfo[];
  liveBrokers: Set<number>;
}

/** Everything `--describe` prints, gathered with Metadata v12 (topic ids) and DescribeConfigs. */
export async function describeTopics(s: AdminSession, names: string[]): Promise<DescribeResult> {
  const versions = await s.run(s.client.versions('any'));
  const kraft = versions.has(75); // DescribeTopicPartitions: brokers that report ELR
  const meta = await s.run(s.client.metadata(names));
  const configs = await s.run(describeTopicConfigs(s.client, names));
  const topics: TopicInfo[] = [];
  const metaByName = new Map(meta.topics.map((t) => [t.name, t]));
  for (const name of topicCommandDescribeOrder(names)) {
    const t = metaByName.get(name);
    if (t?.errorCode !== 0) continue;
    const entries = configs.get(name) ?? [];
    const minIsr = Number(entries.find((e) => e.name === 'min.insync.replicas')?.value ?? 1);
    topics.push({
      name,
      topicId: t.topicId,
      isInternal: t.isInternal,
      minInsyncReplicas: minIsr,
      // TopicCommand prints every entry that is not a default (ConfigEntry.isDefault: source DEFAULT_CONFIG)
      configs: entries.filter((e) => e.source !== 5).map((e) => [e.name, e.value ?? 'null'] as [string, string]),
      partitions: t.partitions.map((p) => ({
        partition: p.partition,
        leader: p.leader,
        replicas: p.replicas,
        isr: p.isr,
        ...(kraft ? { elr: [], lastKnownElr: [] } : {}),
      })),
    });
  }
  return { topics, liveBrokers: new Set(meta.brokers.map((b) => b.nodeId)) };
}
