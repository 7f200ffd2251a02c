/**
 * kafka-leader-election's work: Kafka's JSON file of partitions, the ElectLeaders request to
 * the controller, and the tool's lines. Kafka sorts the answers into HashSets (elected,
 * already elected, failed) and joins them, so the partitions appear in Java's hash order.
 */
import { electLeaders } from '../client/admin-reassign.js';
import { errorName } from '../client/errors.js';
import type { AdminSession } from '../client/session.js';
import { KafkaLabError } from '../errors.js';
import { javaExceptionString } from '../format/java-text.js';
import { ElectionType } from '../protocol/elect-leaders.js';
import { tpName } from '../reassign/plan-json.js';
import { topicPartitionSetOrder } from '../util/java-hash.js';

export type ElectionKind = 'preferred' | 'unclean';

export interface TopicPartitionRef {
  topic: string;
  partition: number;
}

export const ELECTION_JSON_EXAMPLE = '{"partitions":[{"topic":"foo","partition":1},{"topic":"foobar","partition":2}]}';

/** --path-to-json-file: {"partitions":[{"topic":"foo","partition":1}]} (Kafka refuses duplicates). */
export function parseElectionJson(text: string, file: string): TopicPartitionRef[] {
  const bad = (what: string) =>
    new KafkaLabError(`${file}: ${what}`, { kind: 'invalid-config', hint: `Expected Kafka's format, e.g. ${ELECTION_JSON_EXAMPLE}` });
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw bad(`not valid JSON (${(err as Error).message})`);
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw bad('the file must be a JSON object');
  const list = (doc as { partitions?: unknown }).partitions;
  if (list === undefined) throw bad('Replica election data is missing "partitions" field');
  if (!Array.isArray(list)) throw bad('"partitions" must be a JSON array');
  const parts = list.map((p, i) => {
    const o = p as { topic?: unknown; partition?: unknown };
    if (p === null || typeof p !== 'object') throw bad(`partitions[${i}] must be a JSON object`);
    if (typeof o.topic !== 'string') throw bad(`partitions[${i}] has no "topic" string`);
    if (typeof o.partition !== 'number' || !Number.isInteger(o.partition)) throw bad(`partitions[${i}] has no integer "partition"`);
    return { topic: o.topic, partition: o.partition };
  });
  const seen = new Set<string>();
  const dup = new Map<string, TopicPartitionRef>();
  for (const p of parts) {
    const k = tpName(p.topic, p.partition);
    if (seen.has(k)) dup.set(k, p);
    seen.add(k);
  }
  if (dup.size > 0)
    throw new KafkaLabError(
      `Replica election data contains duplicate partitions: [${topicPartitionSetOrder([...dup.values()])
        .map((p) => tpName(p.topic, p.partition))
        .join(', ')}]`,
      {
        kind: 'invalid-config',
        hint: 'Name each partition once.',
      },
    );
  return parts;
}

export interface ElectionOutcome {
  type: ElectionKind;
  /** a new leader was elected */
  elected: TopicPartitionRef[];
  /** the right leader was already there (ELECTION_NOT_NEEDED) */
  notNeeded: TopicPartitionRef[];
  failed: (TopicPartitionRef & { error: string; errorCode: number; message: string })[];
}

/** Sends the election and sorts the answers as Kafka's tool does. */
export async function runElection(s: AdminSession, type: ElectionKind, partitions: TopicPartitionRef[] | null, timeoutMs: number): Promise<ElectionOutcome> {
  const results = await s.run(electLeaders(s.client, type === 'preferred' ? ElectionType.PREFERRED : ElectionType.UNCLEAN, partitions, timeoutMs));
  // the admin client's HashMap of the answers, then a HashSet per outcome filled from it
  const answers = topicPartitionSetOrder(results);
  const elected = topicPartitionSetOrder(answers.filter((r) => r.errorCode === 0));
  const notNeeded = topicPartitionSetOrder(answers.filter((r) => errorName(r.errorCode) === 'ELECTION_NOT_NEEDED'));
  const failed = topicPartitionSetOrder(answers.filter((r) => r.errorCode !== 0 && errorName(r.errorCode) !== 'ELECTION_NOT_NEEDED'));
  const ref = (r: TopicPartitionRef) => ({ topic: r.topic, partition: r.partition });
  return {
    type,
    elected: elected.map(ref),
    notNeeded: notNeeded.map(ref),
    failed: failed.map((r) => ({
      ...ref(r),
      error: errorName(r.errorCode),
      errorCode: r.errorCode,
      message: javaExceptionString(r.errorCode, r.errorMessage),
    })),
  };
}

/** The lines Kafka's tool prints on stdout (the failure count goes to the error line). */
export function electionText(o: ElectionOutcome): string[] {
  const type = o.type.toUpperCase();
  const names = (l: TopicPartitionRef[]) => l.map((p) => tpName(p.topic, p.partition)).join(', ');
  const lines: string[] = [];
  if (o.elected.length > 0) lines.push(`Successfully completed leader election (${type}) for partitions ${names(o.elected)}`);
  if (o.notNeeded.length > 0) lines.push(`Valid replica already elected for partitions ${names(o.notNeeded)}`);
  for (const f of o.failed) lines.push(`Error completing leader election (${type}) for partition: ${tpName(f.topic, f.partition)}: ${f.message}`);
  return lines;
}
