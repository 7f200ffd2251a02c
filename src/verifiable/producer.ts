/**
 * kafka-verifiable-producer on kafka-lab's producer: increasing integers (optionally with a
 * prefix and repeating keys) to a topic, one JSON line per acknowledged or failed record, a
 * summary line at the end. As in Kafka's tool the producer does not retry (retries=0) and so
 * is not idempotent unless its config says so: what was acknowledged is exactly what is printed.
 */
import { BrokerError } from '../client/errors.js';
import type { KafkaClient } from '../client/kafka-client.js';
import { javaExceptionClass } from '../format/java-text.js';
import { ProduceFailure, Producer, type ProducerOptions } from '../produce/producer.js';
import { producerSendError, producerSendSuccess, shutdownComplete, startupComplete, toolData } from './events.js';

export interface VerifiableProducerOptions {
  topic: string;
  /** -1: until stopped */
  maxMessages: number;
  /** messages per second; -1: as fast as possible */
  throughput: number;
  valuePrefix?: number;
  repeatingKeys?: number;
  /** CreateTime of the first record (Kafka then adds the time since the start after each send) */
  createTime?: number;
  producer: Partial<ProducerOptions>;
  line: (text: string) => void;
  /** resolves when the run should stop (Ctrl-C) */
  stopped: Promise<void>;
}

/** The Java exception class Kafka's producer would have reported for a failure. */
export function javaClassOfProduceError(err: Error): string {
  if (err instanceof BrokerError) return `org.apache.kafka.common.errors.${javaExceptionClass(err.code)}`;
  if (err instanceof ProduceFailure) {
    const known: Record<string, string> = {
      TIMEOUT: 'org.apache.kafka.common.errors.TimeoutException',
      RECORD_TOO_LARGE: 'org.apache.kafka.common.errors.RecordTooLargeException',
      INVALID_PARTITION: 'java.lang.IllegalArgumentException',
    };
    return known[err.type] ?? 'org.apache.kafka.common.KafkaException';
  }
  return 'org.apache.kafka.common.KafkaException';
}

export interface VerifiableProducerResult {
  sent: number;
  acked: number;
  interrupted: boolean;
}

export async function runVerifiableProducer(client: KafkaClient, o: VerifiableProducerOptions): Promise<VerifiableProducerResult> {
  const records = new Map<number, { key: string | null; value: string }>();
  let acked = 0;
  let sent = 0;
  let interrupted = false;
  void o.stopped.then(() => (interrupted = true));
  const producer = new Producer(client, {
    lingerMs: 0,
    ...o.producer,
    onAcknowledged: (tags, topic, partition, baseOffset) => {
      tags.forEach((tag, i) => {
        const r = records.get(tag);
        records.delete(tag);
        if (!r) return;
        acked++;
        o.line(producerSendSuccess(Date.now(), { key: r.key, value: r.value, offset: baseOffset < 0 ? -1 : baseOffset + i, topic, partition }));
      });
    },
    onFailure: (tags, err) => {
      for (const tag of tags) {
        const r = records.get(tag);
        records.delete(tag);
        if (r)
          o.line(producerSendError(Date.now(), { topic: o.topic, key: r.key, value: r.value, exception: javaClassOfProduceError(err), message: err.message }));
      }
    },
  });
  const start = Date.now();
  o.line(startupComplete(Date.now()));
  await producer.start();
  let keyCounter = 0;
  let createTime = o.createTime;
  const max = o.maxMessages < 0 ? Number.POSITIVE_INFINITY : o.maxMessages;
  for (let i = 0; i < max && !interrupted; i++) {
    let key: string | null = null;
    if (o.repeatingKeys !== undefined) {
      key = String(keyCounter++);
      if (keyCounter === o.repeatingKeys) keyCounter = 0;
    }
    const value = o.valuePrefix !== undefined ? `${o.valuePrefix}.${i}` : String(i);
    records.set(i, { key, value });
    sent++;
    const timestamp = createTime;
    if (createTime !== undefined) createTime += Date.now() - start;
    try {
      const wait = producer.send({ topic: o.topic, key: key === null ? null : Buffer.from(key), value: Buffer.from(value), headers: [], timestamp }, i);
      if (wait) await Promise.race([wait, o.stopped]);
    } catch (err) {
      // the topic's metadata could not be had: this record failed (Kafka's send() throws the same way)
      records.delete(i);
      const e = err as Error;
      // Kafka's client refuses an invalid name itself, with this message
      const message = e instanceof BrokerError && e.type === 'INVALID_TOPIC_EXCEPTION' ? `Invalid topics: [${o.topic}]` : e.message;
      o.line(producerSendError(Date.now(), { topic: o.topic, key, value, exception: javaClassOfProduceError(e), message }));
    }
    if (o.throughput > 0) {
      // Kafka's ThroughputThrottler: at most `throughput` sends per second since the start
      const due = start + ((i + 1) * 1000) / o.throughput;
      const now = Date.now();
      if (due > now) await Promise.race([new Promise((r) => setTimeout(r, due - now)), o.stopped]);
    }
  }
  await producer.flush();
  o.line(shutdownComplete(Date.now()));
  const stop = Date.now();
  o.line(toolData(Date.now(), { sent, acked, targetThroughput: o.throughput, avgThroughput: 1000 * (acked / (stop - start)) }));
  return { sent, acked, interrupted };
}
