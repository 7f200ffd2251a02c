/**
 * kafka-verifiable-consumer on kafka-lab's group consumer: a member of a classic group that
 * prints Kafka's JSON events, one per rebalance (partitions_assigned / partitions_revoked), per
 * fetched chunk (records_consumed, and record_data per record with --verbose) and per commit
 * (offsets_committed: what it committed after each chunk unless auto-commit is on).
 */
import { tpKey } from '../client/admin.js';
import type { KafkaClient } from '../client/kafka-client.js';
import { Fetcher } from '../consume/fetcher.js';
import { GroupMember } from '../consume/group.js';
import { topicPartitionSetOrder } from '../util/java-hash.js';
import {
  offsetsCommitted,
  partitionsAssigned,
  partitionsRevoked,
  type RecordSetSummary,
  recordData,
  recordsConsumed,
  shutdownComplete,
  startupComplete,
} from './events.js';

export interface VerifiableConsumerOptions {
  topic: string;
  groupId: string;
  groupInstanceId?: string;
  /** -1: until stopped */
  maxMessages: number;
  sessionTimeoutMs: number;
  verbose: boolean;
  autoCommit: boolean;
  resetPolicy: 'earliest' | 'latest' | 'none';
  /** kafka-lab's assignor names, in preference order */
  assignors: string[];
  line: (text: string) => void;
  /** resolves when the run should stop (Ctrl-C) */
  stopped: Promise<void>;
}

interface Fetched {
  topic: string;
  partition: number;
  offset: number;
  key: string | null;
  value: string | null;
}

const sortTp = (a: { topic: string; partition: number }, b: { topic: string; partition: number }) =>
  a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition;

export async function runVerifiableConsumer(client: KafkaClient, o: VerifiableConsumerOptions): Promise<{ consumed: number; interrupted: boolean }> {
  let consumed = 0;
  let interrupted = false;
  let finished = false;
  const limit = o.maxMessages >= 0;
  const member = new GroupMember(client, {
    groupId: o.groupId,
    topics: [o.topic],
    sessionTimeoutMs: o.sessionTimeoutMs,
    rebalanceTimeoutMs: 300_000,
    heartbeatIntervalMs: Math.min(3000, Math.floor(o.sessionTimeoutMs / 3)),
    assignors: o.assignors,
    groupInstanceId: o.groupInstanceId,
    retryBackoffMs: 100,
  });
  let fetcher: Fetcher | undefined;
  let rebalance: () => void = () => {};
  member.whenRebalancing(() => rebalance());
  const stopped = o.stopped.then(() => {
    interrupted = true;
    fetcher?.stop();
  });
  o.line(startupComplete(Date.now()));
  let owned: { topic: string; partition: number }[] = [];
  const committedNow = new Map<string, number>();

  const commit = async (offsets: { topic: string; partition: number; offset: number }[]) => {
    if (offsets.length === 0) return;
    let error: string | null = null;
    try {
      await member.commit(offsets, Date.now() + 30_000);
      for (const x of offsets) committedNow.set(tpKey(x.topic, x.partition), x.offset);
    } catch (err) {
      error = (err as Error).message;
    }
    o.line(offsetsCommitted(Date.now(), offsets, error));
  };

  try {
    while (!finished && !interrupted) {
      const assigned = await Promise.race([member.join(Date.now() + 120_000), stopped.then(() => undefined)]);
      if (!assigned || interrupted) break;
      owned = [...assigned.assignment].flatMap(([topic, ps]) => ps.map((partition) => ({ topic, partition }))).sort(sortTp);
      o.line(partitionsAssigned(Date.now(), owned));
      fetcher = new Fetcher(client, { isolationLevel: 0, resetPolicy: o.resetPolicy });
      if (owned.length > 0) {
        const { watermarks } = await import('../client/admin.js');
        const marks = await watermarks(client, [o.topic]);
        fetcher.assign(
          owned.map((p) => {
            const k = tpKey(p.topic, p.partition);
            const w = marks.get(k) ?? { low: 0n, high: 0n };
            const committed = assigned.committed.get(k);
            return { ...p, offset: committed ?? Number(o.resetPolicy === 'earliest' ? w.low : w.high) };
          }),
        );
      }
      let chunk: Fetched[] = [];
      const rebalanced = new Promise<void>((r) => (rebalance = r));
      const f = fetcher;
      const autoCommit = o.autoCommit
        ? setInterval(
            () =>
              void member
                .commit(
                  f.assigned().map((p) => ({ topic: p.topic, partition: p.partition, offset: p.position })),
                  Date.now() + 10_000,
                )
                .catch(() => {}),
            5000,
          )
        : undefined;
      let pending: Promise<void> = Promise.resolve();
      const run =
        owned.length > 0
          ? f.run({
              record: (topic, partition, c) => {
                const key = c.key();
                const value = c.value();
                chunk.push({
                  topic,
                  partition,
                  offset: c.offset,
                  key: key === null ? null : key.toString('utf8'),
                  value: value === null ? null : value.toString('utf8'),
                });
                return true;
              },
              flushed: () => {
                if (chunk.length === 0) return undefined;
                const all = chunk;
                chunk = [];
                // one poll's worth: what Kafka's tool prints per ConsumerRecords, then commits
                const byPartition = new Map<string, Fetched[]>();
                for (const r of all) {
                  const k = tpKey(r.topic, r.partition);
                  byPartition.set(k, [...(byPartition.get(k) ?? []), r]);
                }
                const summaries: RecordSetSummary[] = [];
                const offsets: { topic: string; partition: number; offset: number }[] = [];
                for (const list of byPartition.values()) {
                  let records = list;
                  if (limit && consumed + records.length > o.maxMessages) records = records.slice(0, o.maxMessages - consumed);
                  if (records.length === 0) continue;
                  const first = records[0]!;
                  const last = records[records.length - 1]!;
                  offsets.push({ topic: first.topic, partition: first.partition, offset: last.offset + 1 });
                  summaries.push({ topic: first.topic, partition: first.partition, count: records.length, minOffset: first.offset, maxOffset: last.offset });
                  if (o.verbose) for (const r of records) o.line(recordData(Date.now(), r));
                  consumed += records.length;
                  if (limit && consumed >= o.maxMessages) break;
                }
                o.line(recordsConsumed(Date.now(), all.length, summaries));
                if (limit && consumed >= o.maxMessages) {
                  finished = true;
                  f.stop();
                }
                // Kafka commits a HashMap of the offsets: its order
                if (!o.autoCommit) {
                  pending = commit(topicPartitionSetOrder(offsets));
                  return pending;
                }
                return undefined;
              },
            })
          : new Promise<void>(() => {});
      await Promise.race([run, rebalanced, stopped]);
      f.stop();
      if (autoCommit) clearInterval(autoCommit);
      await pending;
      if (!finished && !interrupted) {
        // a rebalance: Kafka's listener is told the partitions go, then the member rejoins
        o.line(partitionsRevoked(Date.now(), owned));
      }
    }
  } finally {
    fetcher?.stop();
    if (o.autoCommit && fetcher) {
      const final = fetcher.assigned().filter((p) => committedNow.get(tpKey(p.topic, p.partition)) !== p.position);
      await member
        .commit(
          final.map((p) => ({ topic: p.topic, partition: p.partition, offset: p.position })),
          Date.now() + 10_000,
        )
        .catch(() => {});
    }
    // closing the consumer revokes what it owns, then it leaves the group
    if (owned.length > 0) o.line(partitionsRevoked(Date.now(), owned));
    await member.leave();
    o.line(shutdownComplete(Date.now()));
  }
  return { consumed, interrupted };
}
