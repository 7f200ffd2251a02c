/**
 * Readings straight to a Kafka topic (key: device id, value: the JSON reading), through
 * kafka-lab's producer (idempotent, acks=all, order kept per device).
 */
import { openClient, resolveConnection, withTimeout } from '../client/connection.js';
import { KafkaLabError } from '../errors.js';
import { hints } from '../hints.js';
import { describe, Producer } from '../produce/producer.js';
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
  const conn = await resolveConnection({ bootstrapServer: o.bootstrapServer, commandConfig: o.commandConfig, timeout: o.timeoutMs, verbose: o.verbose });
  const client = await openClient(conn);
  let lastError: string | undefined;
  const producer = new Producer(client, {
    lingerMs: 20,
    batchSize: 64 * 1024,
    autoCreateTopics: false,
    onFailure: (_tags, err) => {
      lastError = describe(err);
    },
  });
  try {
    const meta = await withTimeout(client.metadata([o.topic]), conn, 'list topics');
    if (meta.topics[0]?.errorCode !== 0)
      throw new KafkaLabError(`topic '${o.topic}' does not exist`, { kind: 'not-found', hint: hints.createTopic(o.topic, conn.brokers.join(',')) });
    await withTimeout(producer.start(), conn, 'get a producer id from the cluster');
  } catch (err) {
    await client.close();
    throw err;
  }
  let line = 0;
  return {
    name: `kafka topic ${o.topic} at ${conn.brokers.join(',')}`,
    get delivered() {
      return producer.sent;
    },
    get failed() {
      return producer.failed;
    },
    get lastError() {
      return lastError;
    },
    publish(r: Reading) {
      return producer.send({ topic: o.topic, key: Buffer.from(r.deviceId), value: Buffer.from(JSON.stringify(r)), headers: [] }, ++line);
    },
    async close(timeoutMs: number) {
      await Promise.race([producer.flush(), new Promise((res) => setTimeout(res, timeoutMs).unref())]);
      await client.close();
    },
  };
}
