/**
 * consumer-perf-test's engine: one kafkajs consumer in a group, eachBatch (no per-message
 * callback), all partitions consumed concurrently, offsets committed on an interval rather than
 * after every batch. Counts key + value bytes like ConsumerPerformance.
 */
import { createKafka, withTimeout, type ConnectionArgs } from '../client/connection.js';
import { KafkaLabError } from '../errors.js';
import type { ConsumerResult } from './stats.js';
import { CONSUMER_APIS } from '../client/api-versions.js';

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
  const { kafka, conn } = await createKafka(
    {
      ...o.connection,
      extraProperties: [...(o.connection.extraProperties ?? []), { source: '--consumer.config', properties: props }],
      allowProperty: (k) => CONSUMER_KEYS.has(k),
    },
    { requiredApis: CONSUMER_APIS },
  );
  const pass = conn.passthrough;
  const admin = kafka.admin();
  await withTimeout(admin.connect(), conn);
  const meta = await withTimeout(
    admin.fetchTopicMetadata({ topics: [o.topic] }).catch(() => undefined),
    conn,
  );
  await admin.disconnect();
  const partitions = meta?.topics[0]?.partitions.length ?? 0;
  if (partitions === 0) throw new KafkaLabError(`topic '${o.topic}' does not exist`, { hint: 'kafka-lab topics --list shows the topics.' });

  const consumer = kafka.consumer({
    groupId: pass.get('group.id') ?? o.groupId,
    allowAutoTopicCreation: false,
    readUncommitted: (pass.get('isolation.level') ?? 'read_uncommitted') === 'read_uncommitted',
    maxBytesPerPartition: Number(pass.get('max.partition.fetch.bytes') ?? o.fetchSize),
    maxBytes: Number(pass.get('fetch.max.bytes') ?? 52_428_800),
    minBytes: Number(pass.get('fetch.min.bytes') ?? 1),
    maxWaitTimeInMs: Number(pass.get('fetch.max.wait.ms') ?? 500),
    sessionTimeout: Number(pass.get('session.timeout.ms') ?? 45_000),
    heartbeatInterval: Number(pass.get('heartbeat.interval.ms') ?? 3000),
    retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1000 },
  });

  const startMs = Date.now();
  let joinedAt: number | undefined;
  let rebalanceMs = 0;
  let bytes = 0;
  let messages = 0;
  let lastRecordAt = Date.now();
  let endMs = startMs;
  let lastReport = { at: startMs, bytes: 0, messages: 0 };
  let timedOut = false;
  const joinStarted = Date.now();
  consumer.on(consumer.events.GROUP_JOIN, () => {
    const now = Date.now();
    rebalanceMs += now - (joinedAt === undefined ? joinStarted : now);
    joinedAt ??= now;
  });
  let finish!: () => void;
  const finished = new Promise<void>((r) => (finish = r));
  consumer.on(consumer.events.CRASH, () => finish());

  await withTimeout(consumer.connect(), conn);
  await withTimeout(
    consumer.subscribe({ topics: [o.topic], fromBeginning: (pass.get('auto.offset.reset') ?? (o.fromLatest ? 'latest' : 'earliest')) !== 'latest' }),
    conn,
  );
  await consumer.run({
    autoCommit: pass.get('enable.auto.commit') !== 'false',
    autoCommitInterval: Number(pass.get('auto.commit.interval.ms') ?? 5000),
    partitionsConsumedConcurrently: partitions,
    eachBatchAutoResolve: true,
    eachBatch: async ({ batch }) => {
      if (messages >= o.messages) return;
      const list = batch.messages;
      let n = list.length;
      if (messages + n > o.messages) n = o.messages - messages;
      for (let i = 0; i < n; i++) {
        const m = list[i]!;
        bytes += (m.value?.length ?? 0) + (m.key?.length ?? 0);
      }
      messages += n;
      const now = Date.now();
      lastRecordAt = now;
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
          fetchMs: now - lastReport.at - 0,
        });
        lastReport = { at: now, bytes, messages };
      }
      if (messages >= o.messages) finish();
    },
  });
  const watchdog = setInterval(() => {
    if (o.signal?.aborted) return finish();
    if (Date.now() - lastRecordAt > o.timeoutMs) {
      timedOut = true;
      finish();
    }
  }, 100);
  await finished;
  clearInterval(watchdog);
  if (messages === 0) endMs = Date.now();
  await consumer.disconnect().catch(() => undefined);
  return { startMs, endMs, bytes, messages, rebalanceMs, timedOut };
}
