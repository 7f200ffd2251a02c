/**
 * Readings straight to a Kafka topic (key: device id, value: the JSON reading).
 *
 * ADAPTER: the one place the device simulator touches the Kafka client. It is written against
 * what src/produce and src/client export today (createKafka, createProducer, makeSend,
 * BatchSender); when the client is rewritten, only openKafkaReadingSink changes.
 */
import { KafkaLabError } from '../errors.js';
import { hints } from '../hints.js';
import type { Reading } from './readings.js';
import type { ReadingSink } from './simulator.js';

export interface KafkaSinkOptions {
  topic: string;
  bootstrapServer?: string;
  commandConfig?: string;
  /** bound for reaching the cluster, ms */
  timeoutMs?: number;
  verbose?: boolean;
}

export async function openKafkaReadingSink(o: KafkaSinkOptions): Promise<ReadingSink> {
  const { resolveConnection, createKafka, withTimeout } = await import('../client/connection.js');
  const { createProducer, makeSend, isRecordError, describeSendError } = await import('../produce/kafka-sender.js');
  const { BatchSender } = await import('../produce/batch-sender.js');
  const conn = await resolveConnection({ bootstrapServer: o.bootstrapServer, commandConfig: o.commandConfig, timeout: o.timeoutMs, verbose: o.verbose });
  const { kafka } = await createKafka(conn, { requiredApis: ['Produce', 'Metadata'] });
  const admin = kafka.admin();
  try {
    await withTimeout(admin.connect(), conn);
    const names = await withTimeout(admin.listTopics(), conn, 'list topics');
    if (!names.includes(o.topic))
      throw new KafkaLabError(`topic '${o.topic}' does not exist`, { kind: 'not-found', hint: hints.createTopic(o.topic, conn.brokers.join(',')) });
  } finally {
    await admin.disconnect().catch(() => {});
  }
  const producer = await createProducer(kafka, { idempotent: false });
  await withTimeout(producer.connect(), conn);
  let lastError: string | undefined;
  const sender = new BatchSender({
    send: makeSend(producer, { topic: o.topic, acks: -1, compression: 0, timeoutMs: 30_000 }),
    onFailure: (_lines, err) => {
      lastError = describeSendError(err);
    },
    batchBytes: 64 * 1024,
    lingerMs: 20,
    maxInFlight: 4,
    sync: false,
    isRecordError,
  });
  let line = 0;
  const sink: ReadingSink = {
    name: `kafka topic ${o.topic} at ${conn.brokers.join(',')}`,
    get delivered() {
      return sender.sent;
    },
    get failed() {
      return sender.failed;
    },
    get lastError() {
      return lastError;
    },
    publish(r: Reading) {
      return sender.add({ record: { key: Buffer.from(r.deviceId), value: Buffer.from(JSON.stringify(r)), headers: [] }, line: ++line });
    },
    async close(timeoutMs: number) {
      await Promise.race([sender.flush(), new Promise((res) => setTimeout(res, timeoutMs).unref())]);
      await producer.disconnect().catch(() => {});
    },
  };
  return sink;
}
