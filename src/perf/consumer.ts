/**
 * consumer-perf-test's engine: a member of a consumer group (like ConsumerPerformance) whose
 * records are counted straight from the fetched bytes (key + value sizes, as Kafka counts
 * them), with offsets committed on an interval.
 */
import { CONSUMER_APIS, GROUP_MEMBER_APIS } from '../client/api-versions.js';
import { openClient, resolveConnection, withTimeout, type ConnectionArgs } from '../client/connection.js';
import { assertApiSupport } from '../client/session.js';
import { Fetcher } from '../consume/fetcher.js';
import { GroupMember } from '../consume/group.js';
import { KafkaLabError } from '../errors.js';
import { hints } from '../hints.js';
import type { RecordCursor } from '../protocol/record-batch.js';
import type { ConsumerResult } from './stats.js';

export interface ConsumerPerfOptions {
  connection: ConnectionArgs;
  topic: string;
  messages: number;
  groupId: string;
  fromLatest: boolean;
  fetchSize: number;
  /** max gap between records before giving up, ms */
  timeoutMs: number;
  reportingIntervalMs: number;
  consumerProps: Map<string, string>;
  onInterval?: (r: {
    now: number;
    bytes: number;
    messages: number;
    intervalBytes: number;
    intervalMessages: number;
    intervalMs: number;
    rebalanceMs: number;
    fetchMs: number;
  }) => void;
  onTick?: (messages: number) => void;
  signal?: AbortSignal;
}

export interface ConsumerPerfOutcome extends ConsumerResult {
  timedOut: boolean;
}

const CONSUMER_KEYS = new Set([
  'group.id',
  'auto.offset.reset',
  'max.partition.fetch.bytes',
  'fetch.max.bytes',
  'fetch.min.bytes',
  'fetch.max.wait.ms',
  'enable.auto.commit',
  'auto.commit.interval.ms',
  'session.timeout.ms',
  'heartbeat.interval.ms',
  'check.crcs',
  'key.deserializer',
  'value.deserializer',
  'receive.buffer.bytes',
  'isolation.level',
  'max.poll.records',
]);

export async function runConsumerPerf(o: ConsumerPerfOptions): Promise<ConsumerPerfOutcome> {
  const props = new Map(o.consumerProps);
  if (!props.has('client.id')) props.set('client.id', 'perf-consumer-client');
  const conn = await resolveConnection({
    ...o.connection,
    extraProperties: [...(o.connection.extraProperties ?? []), { source: '--consumer.config', properties: props }],
    allowProperty: (k) => CONSUMER_KEYS.has(k),
  });
  const pass = conn.passthrough;
  const num = (k: string, d: number) => (pass.has(k) ? Number(pass.get(k)) : d);
  const client = await openClient(conn);
  const startMs = Date.now();
  let rebalanceMs = 0;
  let bytes = 0;
  let messages = 0;
  let lastRecordAt = Date.now();
  let messagesAtLastFlush = 0;
  let endMs = startMs;
  let lastReport = { at: startMs, bytes: 0, messages: 0 };
  let timedOut = false;
  let fetcher: Fetcher | undefined;
  const groupId = pass.get('group.id') ?? o.groupId;
  const member = new GroupMember(client, {
    groupId,
    topics: [o.topic],
    sessionTimeoutMs: num('session.timeout.ms', 45_000),
    rebalanceTimeoutMs: 300_000,
    heartbeatIntervalMs: num('heartbeat.interval.ms', 3000),
    assignors: ['range', 'roundrobin'],
    retryBackoffMs: 100,
  });
  const watchdog = setInterval(() => {
    if (o.signal?.aborted) fetcher?.stop();
    if (Date.now() - lastRecordAt > o.timeoutMs) {
      timedOut = true;
      fetcher?.stop();
    }
  }, 100);
  try {
    await withTimeout(assertApiSupport(client, [...CONSUMER_APIS, ...GROUP_MEMBER_APIS]), conn);
    const meta = await withTimeout(client.metadata([o.topic]), conn);
    if (meta.topics[0]?.errorCode !== 0) throw new KafkaLabError(`topic '${o.topic}' does not exist`, { kind: 'not-found', hint: hints.topicsList });
    const joinStarted = Date.now();
    const assigned = await member.join(Date.now() + Math.max(o.timeoutMs, 60_000));
    rebalanceMs += Date.now() - joinStarted;
    const { watermarks, tpKey } = await import('../client/admin.js');
    const tps = [...assigned.assignment].flatMap(([topic, ps]) => ps.map((partition) => ({ topic, partition })));
    const marks = await watermarks(client, [o.topic]);
    const reset = pass.get('auto.offset.reset') ?? (o.fromLatest ? 'latest' : 'earliest');
    const starts = tps.map((tp) => {
      const k = tpKey(tp.topic, tp.partition);
      const w = marks.get(k) ?? { low: 0n, high: 0n };
      return { ...tp, offset: assigned.committed.get(k) ?? Number(reset === 'latest' ? w.high : w.low) };
    });
    lastRecordAt = Date.now();
    fetcher = new Fetcher(client, {
      isolationLevel: (pass.get('isolation.level') ?? 'read_uncommitted') === 'read_committed' ? 1 : 0,
      partitionMaxBytes: num('max.partition.fetch.bytes', o.fetchSize),
      maxBytes: num('fetch.max.bytes', 52_428_800),
      minBytes: num('fetch.min.bytes', 1),
      maxWaitMs: num('fetch.max.wait.ms', 500),
      resetPolicy: reset === 'latest' ? 'latest' : 'earliest',
    });
    fetcher.assign(starts);
    const f = fetcher;
    const commitEvery = pass.get('enable.auto.commit') === 'false' ? undefined : num('auto.commit.interval.ms', 5000);
    const committer = commitEvery
      ? setInterval(() => {
          void member
            .commit(
              f.assigned().map((p) => ({ topic: p.topic, partition: p.partition, offset: p.position })),
              Date.now() + 10_000,
            )
            .catch(() => {});
        }, commitEvery)
      : undefined;
    try {
      await f.run({
        record: (_t: string, _p: number, c: RecordCursor) => {
          bytes += Math.max(0, c.valueLength) + Math.max(0, c.keyLength);
          messages++;
          return messages < o.messages;
        },
        flushed: () => {
          const now = Date.now();
          // --timeout counts time without records (Kafka's lastConsumedTime): an empty fetch answer does not reset it
          if (messages !== messagesAtLastFlush) lastRecordAt = now;
          messagesAtLastFlush = messages;
          endMs = now;
          o.onTick?.(messages);
          if (o.onInterval && now - lastReport.at >= o.reportingIntervalMs) {
            o.onInterval({
              now,
              bytes,
              messages,
              intervalBytes: bytes - lastReport.bytes,
              intervalMessages: messages - lastReport.messages,
              intervalMs: now - lastReport.at,
              rebalanceMs,
              fetchMs: now - lastReport.at,
            });
            lastReport = { at: now, bytes, messages };
          }
          return undefined;
        },
      });
    } finally {
      if (committer) clearInterval(committer);
    }
    if (commitEvery)
      await member
        .commit(
          f.assigned().map((p) => ({ topic: p.topic, partition: p.partition, offset: p.position })),
          Date.now() + 10_000,
        )
        .catch(() => {});
  } finally {
    clearInterval(watchdog);
    await member.leave();
    await client.close();
  }
  if (messages === 0) endMs = Date.now();
  return { startMs, endMs, bytes, messages, rebalanceMs, timedOut };
}
