/**
 * Admin requests about transactions, one function per Kafka request, sent where Kafka's
 * AdminClient sends them: ListTransactions to every broker (each lists the transactional ids
 * it coordinates), DescribeTransactions to an id's coordinator, DescribeProducers to a
 * partition's leader (or a chosen replica), WriteTxnMarkers to a partition's leader.
 */
import { describeProducersV0, describeTransactionsV0, listTransactionsV0, listTransactionsV1, listTransactionsV2 } from '@platformatic/kafka';
import {
  decodeWriteTxnMarkersResponse,
  encodeWriteTxnMarkersRequest,
  type TxnMarker,
  WRITE_TXN_MARKERS_API_KEY,
  WRITE_TXN_MARKERS_VERSIONS,
  writeTxnMarkersFlexible,
} from '../protocol/write-txn-markers.js';
import { BrokerError } from './errors.js';
import type { KafkaClient } from './kafka-client.js';

export interface TransactionListing {
  transactionalId: string;
  producerId: bigint;
  state: string;
}

export interface ListTransactionsFilter {
  states?: string[];
  producerIds?: bigint[];
  /** only transactions running longer than this (ms); -1: all */
  durationMs?: bigint;
  /** a regular expression the transactional id must match (Kafka 4.1 brokers) */
  pattern?: string | null;
}

/** Each broker's transactions, keyed by broker id (brokers in id order). */
export async function listTransactions(c: KafkaClient, f: ListTransactionsFilter = {}): Promise<Map<number, TransactionListing[]>> {
  const meta = await c.metadata([]);
  const ids = meta.brokers.map((b) => b.nodeId).sort((a, b) => a - b);
  const lists = await Promise.all(
    ids.map(async (id) => {
      const r = await c.call(
        id,
        [listTransactionsV0, listTransactionsV1, listTransactionsV2],
        [(f.states ?? []) as never[], f.producerIds ?? [], f.durationMs ?? -1n, f.pattern ?? null],
        { lenient: true },
      );
      if (r.errorCode !== 0) throw new BrokerError(r.errorCode, null, `broker ${id}`);
      return [id, r.transactionStates.map((t) => ({ transactionalId: t.transactionalId, producerId: t.producerId, state: t.transactionState }))] as const;
    }),
  );
  return new Map(lists);
}

export interface TransactionDescription {
  coordinatorId: number;
  transactionalId: string;
  errorCode: number;
  state: string;
  timeoutMs: number;
  /** -1 when no transaction is open */
  startTimeMs: bigint;
  producerId: bigint;
  producerEpoch: number;
  partitions: { topic: string; partition: number }[];
}

/** The state of one transactional id, from its coordinator. */
export async function describeTransaction(c: KafkaClient, transactionalId: string): Promise<TransactionDescription> {
  const target = { transaction: transactionalId };
  const coordinatorId = (await c.nodeIdOf(target))!;
  const r = await c.call(target, [describeTransactionsV0], [[transactionalId]], { lenient: true });
  const t = r.transactionStates[0];
  if (!t) throw new BrokerError(-1, 'no answer for the transactional id', transactionalId);
  return {
    coordinatorId,
    transactionalId,
    errorCode: t.errorCode,
    state: t.transactionState,
    timeoutMs: t.transactionTimeoutMs,
    startTimeMs: t.transactionStartTimeMs,
    producerId: t.producerId,
    producerEpoch: t.producerEpoch,
    partitions: t.topics.flatMap((x) => x.partitions.map((partition) => ({ topic: x.topic, partition }))),
  };
}

export interface ProducerState {
  producerId: bigint;
  producerEpoch: number;
  lastSequence: number;
  lastTimestamp: bigint;
  /** -1: none */
  coordinatorEpoch: number;
  /** -1: no open transaction */
  currentTxnStartOffset: bigint;
}

export interface PartitionProducers {
  topic: string;
  partition: number;
  /** the broker that answered */
  broker: number;
  errorCode: number;
  errorMessage: string | null;
  producers: ProducerState[];
}

/** The active producers of partitions, as their leader (or the given broker) keeps them. */
export async function describeProducers(c: KafkaClient, partitions: { topic: string; partition: number }[], brokerId?: number): Promise<PartitionProducers[]> {
  const byBroker = new Map<number, { topic: string; partition: number }[]>();
  const out: PartitionProducers[] = [];
  if (brokerId !== undefined) byBroker.set(brokerId, partitions);
  else {
    const meta = await c.metadata([...new Set(partitions.map((p) => p.topic))]);
    for (const p of partitions) {
      const t = meta.topics.find((x) => x.name === p.topic);
      const info = t?.partitions.find((x) => x.partition === p.partition);
      if (t?.errorCode !== 0 || !info) {
        out.push({ ...p, broker: -1, errorCode: t && t.errorCode !== 0 ? t.errorCode : 3, errorMessage: null, producers: [] });
        continue;
      }
      if (info.leader < 0) {
        out.push({ ...p, broker: -1, errorCode: 5, errorMessage: null, producers: [] });
        continue;
      }
      let l = byBroker.get(info.leader);
      if (!l) byBroker.set(info.leader, (l = []));
      l.push(p);
    }
  }
  await Promise.all(
    [...byBroker].map(async ([broker, list]) => {
      const topics = new Map<string, number[]>();
      for (const p of list) topics.set(p.topic, [...(topics.get(p.topic) ?? []), p.partition]);
      const r = await c.call(broker, [describeProducersV0], [[...topics].map(([name, partitionIndexes]) => ({ name, partitionIndexes }))], { lenient: true });
      for (const t of r.topics)
        for (const p of t.partitions)
          out.push({
            topic: t.name,
            partition: p.partitionIndex,
            broker,
            errorCode: p.errorCode,
            errorMessage: p.errorMessage ?? null,
            producers: p.activeProducers.map((x) => ({
              producerId: x.producerId,
              producerEpoch: x.producerEpoch,
              lastSequence: x.lastSequence,
              lastTimestamp: x.lastTimestamp,
              coordinatorEpoch: x.coordinatorEpoch,
              currentTxnStartOffset: x.currentTxnStartOffset,
            })),
          });
    }),
  );
  return out;
}

/** Writes a transaction marker (ABORT or COMMIT) to a partition's leader; the error code for that partition. */
export async function writeTxnMarker(c: KafkaClient, leader: number, marker: TxnMarker): Promise<number> {
  const results = await c.request(
    leader,
    WRITE_TXN_MARKERS_API_KEY,
    WRITE_TXN_MARKERS_VERSIONS,
    (v) => encodeWriteTxnMarkersRequest([marker], v),
    (reader, v) => decodeWriteTxnMarkersResponse(reader.buffer.slice(reader.position, reader.length), v),
    writeTxnMarkersFlexible,
  );
  const t = marker.topics[0]!;
  return results.find((r) => r.topic === t.topic && r.partition === t.partitions[0])?.errorCode ?? 0;
}
