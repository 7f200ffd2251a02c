/**
 * kafka-transactions' work: list, describe, describe-producers, find-hanging and abort, each
 * giving the rows Kafka's tool prints (ToolsUtils.prettyPrintTable) and the data behind them.
 * A hanging transaction is one open on a partition (the leader has its start offset) that its
 * coordinator does not know of: nothing will ever end it, and consumers with read_committed
 * stop at it. `abort` writes the ABORT marker the coordinator never will.
 */
import { errorName } from '../client/errors.js';
import { describeProducers, describeTransaction, listTransactions, type PartitionProducers, type ProducerState, writeTxnMarker } from '../client/admin-txn.js';
import type { AdminSession } from '../client/session.js';
import { KafkaLabError } from '../errors.js';
import { javaExceptionMessage } from '../format/java-text.js';
import { tpName } from '../reassign/plan-json.js';
import { javaHashOrder, javaLongHash, topicPartitionSetOrder } from '../util/java-hash.js';

export const LIST_HEADERS = ['TransactionalId', 'Coordinator', 'ProducerId', 'TransactionState'];
export const DESCRIBE_HEADERS = [
  'CoordinatorId',
  'TransactionalId',
  'ProducerId',
  'ProducerEpoch',
  'TransactionState',
  'TransactionTimeoutMs',
  'CurrentTransactionStartTimeMs',
  'TransactionDurationMs',
  'TopicPartitions',
];
export const PRODUCERS_HEADERS = ['ProducerId', 'ProducerEpoch', 'LatestCoordinatorEpoch', 'LastSequence', 'LastTimestamp', 'CurrentTransactionStartOffset'];
export const HANGING_HEADERS = ['Topic', 'Partition', 'ProducerId', 'ProducerEpoch', 'CoordinatorEpoch', 'StartOffset', 'LastTimestamp', 'Duration(min)'];

/** Kafka's failure line: the step, then the exception's message and a period. */
function failure(what: string, code: number, message: string | null, hint: string): KafkaLabError {
  const name = errorName(code);
  const kind =
    name === 'TRANSACTIONAL_ID_NOT_FOUND' || name === 'UNKNOWN_TOPIC_OR_PARTITION'
      ? 'not-found'
      : name.endsWith('AUTHORIZATION_FAILED')
        ? 'authorization'
        : 'broker';
  const text = javaExceptionMessage(code, message);
  return new KafkaLabError(`${what}: ${text}${text.endsWith('.') ? '' : '.'}`, { kind, hint });
}

export async function listRows(s: AdminSession, o: { durationFilterMs?: number; pattern?: string }): Promise<string[][]> {
  const byBroker = await s.run(
    listTransactions(s.client, { durationMs: o.durationFilterMs !== undefined ? BigInt(o.durationFilterMs) : -1n, pattern: o.pattern ?? null }),
  );
  const rows: string[][] = [];
  // Kafka's HashMap<Integer, ...> of brokers: ids in hash order
  for (const id of javaHashOrder([...byBroker.keys()], (n) => n))
    for (const t of byBroker.get(id)!) rows.push([t.transactionalId, String(id), String(t.producerId), t.state]);
  return rows;
}

export async function describeRow(s: AdminSession, transactionalId: string, now = Date.now()): Promise<string[]> {
  const d = await s.run(describeTransaction(s.client, transactionalId));
  if (d.errorCode !== 0)
    throw failure(
      `Failed to describe transaction state of transactional-id \`${transactionalId}\``,
      d.errorCode,
      null,
      'kafka-lab transactions list shows the transactional ids the coordinators know.',
    );
  const started = d.startTimeMs >= 0n;
  return [
    String(d.coordinatorId),
    transactionalId,
    String(d.producerId),
    String(d.producerEpoch),
    d.state,
    String(d.timeoutMs),
    started ? String(d.startTimeMs) : 'None',
    started ? String(BigInt(now) - d.startTimeMs) : 'None',
    topicPartitionSetOrder(d.partitions)
      .map((p) => tpName(p.topic, p.partition))
      .join(','),
  ];
}

function producerRow(p: ProducerState): string[] {
  return [
    String(p.producerId),
    String(p.producerEpoch),
    String(p.coordinatorEpoch >= 0 ? p.coordinatorEpoch : -1),
    String(p.lastSequence),
    String(p.lastTimestamp),
    p.currentTxnStartOffset >= 0n ? String(p.currentTxnStartOffset) : 'None',
  ];
}

async function producersOf(s: AdminSession, topic: string, partition: number, brokerId: number | undefined, what: string): Promise<PartitionProducers> {
  const [r] = await s.run(describeProducers(s.client, [{ topic, partition }], brokerId));
  if (!r) throw new KafkaLabError(`${what}: no answer`, { kind: 'broker' });
  if (errorName(r.errorCode) === 'UNKNOWN_TOPIC_OR_PARTITION')
    throw new KafkaLabError(`${what}: the partition does not exist.`, {
      kind: 'not-found',
      hint: 'kafka-lab topics --describe shows the topics and their partitions.',
    });
  if (r.errorCode !== 0) throw failure(what, r.errorCode, r.errorMessage, 'kafka-lab topics --describe shows the partitions and their leaders.');
  return r;
}

export async function producerRows(s: AdminSession, topic: string, partition: number, brokerId?: number): Promise<string[][]> {
  const where = brokerId !== undefined ? `broker ${brokerId}` : 'leader';
  const r = await producersOf(s, topic, partition, brokerId, `Failed to describe producers for partition ${tpName(topic, partition)} on ${where}`);
  return r.producers.map(producerRow);
}

export interface HangingOptions {
  brokerId?: number;
  topic?: string;
  partition?: number;
  maxTransactionTimeoutMin: number;
}

export interface OpenTransaction {
  topic: string;
  partition: number;
  producer: ProducerState;
}

/** Open transactions older than the longest transaction timeout that their coordinator does not know of. */
export async function findHanging(s: AdminSession, o: HangingOptions, now = Date.now()): Promise<OpenTransaction[]> {
  const maxMs = BigInt(o.maxTransactionTimeoutMin) * 60_000n;
  let partitions: { topic: string; partition: number }[];
  if (o.topic !== undefined && o.partition !== undefined) partitions = [{ topic: o.topic, partition: o.partition }];
  else {
    const meta = await s.run(s.client.metadata(o.topic !== undefined ? [o.topic] : null));
    const bad = meta.topics.find((t) => t.errorCode !== 0);
    if (bad && o.topic !== undefined) throw failure('Failed to describe 1 topics', bad.errorCode, null, 'kafka-lab topics --list shows the topics.');
    partitions = meta.topics
      .filter((t) => t.errorCode === 0)
      .flatMap((t) =>
        t.partitions.filter((p) => o.brokerId === undefined || p.replicas.includes(o.brokerId)).map((p) => ({ topic: t.name, partition: p.partition })),
      );
  }
  const candidates: OpenTransaction[] = [];
  for (let i = 0; i < partitions.length; i += 500) {
    const batch = partitions.slice(i, i + 500);
    const answers = await s.run(describeProducers(s.client, batch, o.brokerId));
    const bad = answers.find((a) => a.errorCode !== 0);
    if (bad)
      throw failure(
        `Failed to describe producers for ${batch.length} partitions on broker ${o.brokerId !== undefined ? `Optional[${o.brokerId}]` : 'Optional.empty'}`,
        bad.errorCode,
        bad.errorMessage,
        'kafka-lab topics --describe shows the partitions and their leaders.',
      );
    for (const a of topicPartitionSetOrder(answers))
      for (const p of a.producers)
        if (p.currentTxnStartOffset >= 0n && BigInt(now) - p.lastTimestamp > maxMs) candidates.push({ topic: a.topic, partition: a.partition, producer: p });
  }
  if (candidates.length === 0) return [];
  // Kafka groups the candidates in a HashMap by producer id
  const producerIds = javaHashOrder(
    candidates.map((c) => c.producer.producerId),
    javaLongHash,
  );
  const byBroker = await s.run(listTransactions(s.client, { producerIds }));
  const txnIdOf = new Map<bigint, string>();
  for (const list of byBroker.values()) for (const t of list) if (producerIds.includes(t.producerId)) txnIdOf.set(t.producerId, t.transactionalId);
  const described = new Map<string, { topic: string; partition: number }[] | null>();
  for (const id of new Set(txnIdOf.values())) {
    const d = await s.run(describeTransaction(s.client, id));
    if (d.errorCode === 0) described.set(id, d.partitions);
    else if (errorName(d.errorCode) === 'TRANSACTIONAL_ID_NOT_FOUND') described.set(id, null);
    else throw failure(`Failed to describe ${txnIdOf.size} transactions`, d.errorCode, null, 'Try again in a moment.');
  }
  const hanging: OpenTransaction[] = [];
  for (const pid of producerIds) {
    const open = candidates.filter((c) => c.producer.producerId === pid);
    const txnId = txnIdOf.get(pid);
    const parts = txnId === undefined ? null : (described.get(txnId) ?? null);
    // the coordinator still writes the markers of the partitions it lists: those are not hanging
    for (const c of open) if (!parts?.some((p) => p.topic === c.topic && p.partition === c.partition)) hanging.push(c);
  }
  return hanging;
}

export function hangingRows(list: OpenTransaction[], now = Date.now()): string[][] {
  return list.map((t) => [
    t.topic,
    String(t.partition),
    String(t.producer.producerId),
    String(t.producer.producerEpoch),
    String(t.producer.coordinatorEpoch >= 0 ? t.producer.coordinatorEpoch : -1),
    String(t.producer.currentTxnStartOffset >= 0n ? t.producer.currentTxnStartOffset : -1n),
    String(t.producer.lastTimestamp),
    String((BigInt(now) - t.producer.lastTimestamp) / 60_000n),
  ]);
}

export interface AbortSpec {
  topic: string;
  partition: number;
  producerId: bigint;
  producerEpoch: number;
  coordinatorEpoch: number;
}

export const abortSpecText = (a: AbortSpec) =>
  `AbortTransactionSpec(topicPartition=${tpName(a.topic, a.partition)}, producerId=${a.producerId}, producerEpoch=${a.producerEpoch}, coordinatorEpoch=${a.coordinatorEpoch})`;

/** The transaction that starts at `startOffset` on the partition (what `abort --start-offset` aborts). */
export async function abortSpecAt(s: AdminSession, topic: string, partition: number, startOffset: bigint): Promise<AbortSpec> {
  const r = await producersOf(s, topic, partition, undefined, `Failed to validate producer state for partition ${tpName(topic, partition)}`);
  const p = r.producers.find((x) => x.currentTxnStartOffset >= 0n && x.currentTxnStartOffset === startOffset);
  if (!p)
    throw new KafkaLabError(`Could not find any open transactions starting at offset ${startOffset} on partition ${tpName(topic, partition)}`, {
      kind: 'not-found',
      hint: `kafka-lab transactions describe-producers --topic ${topic} --partition ${partition} shows the open transactions and their start offsets.`,
    });
  return { topic, partition, producerId: p.producerId, producerEpoch: p.producerEpoch, coordinatorEpoch: Math.max(0, p.coordinatorEpoch) };
}

/** Writes the ABORT marker on the partition's leader. */
export async function abortTransaction(s: AdminSession, spec: AbortSpec): Promise<void> {
  const meta = await s.run(s.client.metadata([spec.topic]));
  const leader = meta.topics[0]?.partitions.find((p) => p.partition === spec.partition)?.leader ?? -1;
  const code =
    leader < 0
      ? 5
      : await s.run(
          writeTxnMarker(s.client, leader, {
            producerId: spec.producerId,
            producerEpoch: spec.producerEpoch,
            commit: false,
            coordinatorEpoch: spec.coordinatorEpoch,
            topics: [{ topic: spec.topic, partitions: [spec.partition] }],
          }),
        );
  if (code !== 0)
    throw failure(
      `Failed to abort transaction ${abortSpecText(spec)}`,
      code,
      null,
      'The partition needs a leader; the producer id and epoch must be those of the open transaction.',
    );
}
