/**
 * kafka-e2e-latency (Kafka's EndToEndLatency) on kafka-lab's producer and consumer: one record
 * at a time, sent and acknowledged (acks 1 or all), then read back by a consumer positioned at
 * the end of the topic; the time from send to read is the end-to-end latency. The payloads are
 * Kafka's (java.util.Random seeded 0: each message one letter repeated), so both tools send the
 * same bytes.
 */
import { watermarks } from '../client/admin.js';
import { type KafkaClient, retrying } from '../client/kafka-client.js';
import { Fetcher } from '../consume/fetcher.js';
import { KafkaLabError } from '../errors.js';
import { javaDouble, javaFixed } from '../format/java-text.js';
import { Producer } from '../produce/producer.js';
import { JavaRandom } from '../util/java-random.js';

export { JavaRandom };

/** EndToEndLatency's message i: `size` bytes of one letter drawn from the shared Random. */
export function latencyPayload(random: JavaRandom, size: number): Buffer {
  return Buffer.alloc(size, 65 + random.nextInt(26));
}

export const POLL_TIMEOUT_MS = 60_000;

export interface E2eLatencyOptions {
  topic: string;
  numMessages: number;
  acks: -1 | 1;
  messageSize: number;
  line: (text: string) => void;
}

export interface E2eLatencyResult {
  avgMs: number;
  latenciesMs: number[];
}

/** The summary lines: average (%.4f ms) and the 50th, 99th and 99.9th percentiles in whole ms. */
export function latencySummary(totalNs: number, latenciesMs: number[]): string[] {
  const n = latenciesMs.length;
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.floor(n * p)] ?? 0;
  return [`Avg latency: ${javaFixed(totalNs / n / 1000 / 1000, 4)} ms`, `Percentiles: 50th = ${at(0.5)}, 99th = ${at(0.99)}, 99.9th = ${at(0.999)}`];
}

export async function runE2eLatency(client: KafkaClient, o: E2eLatencyOptions): Promise<E2eLatencyResult> {
  const meta = await client.metadata([o.topic]);
  const t = meta.topics[0];
  if (t?.errorCode !== 0)
    throw new KafkaLabError(`topic '${o.topic}' does not exist`, { kind: 'not-found', hint: 'kafka-lab topics --list shows the topics.' });
  // a topic created a moment ago may not be known to its leader yet
  const marks = await retrying(() => watermarks(client, [o.topic]), Date.now() + 15_000);
  const fetcher = new Fetcher(client, { isolationLevel: 0, resetPolicy: 'latest', maxWaitMs: 0 });
  fetcher.assign([...marks].map(([k, w]) => ({ topic: o.topic, partition: Number(k.split('\u0000')[1]), offset: Number(w.high) })));
  let waiting: { resolve: (v: Buffer[]) => void } | undefined;
  let arrived: Buffer[] = [];
  const running = fetcher.run({
    record: (_t, _p, c) => {
      arrived.push(c.value() ?? Buffer.alloc(0));
      return true;
    },
    flushed: () => {
      if (arrived.length > 0 && waiting) {
        const w = waiting;
        waiting = undefined;
        const got = arrived;
        arrived = [];
        w.resolve(got);
      }
      return undefined;
    },
  });
  const failures: Error[] = [];
  const producer = new Producer(client, { acks: o.acks, idempotent: o.acks === -1, lingerMs: 0, maxBlockMs: 60_000, onFailure: (_t, e) => failures.push(e) });
  await producer.start();
  const random = new JavaRandom(0);
  const latencies: number[] = [];
  let total = 0;
  try {
    for (let i = 0; i < o.numMessages; i++) {
      const message = latencyPayload(random, o.messageSize);
      const begin = process.hrtime.bigint();
      const read = new Promise<Buffer[]>((resolve) => (waiting = { resolve }));
      await producer.sendAndWait({ topic: o.topic, key: null, value: message, headers: [] }, i);
      if (failures.length > 0) throw new KafkaLabError(`the message could not be sent: ${failures[0]!.message}`, { kind: 'broker' });
      let timer: NodeJS.Timeout | undefined;
      const records = await Promise.race([
        read,
        new Promise<Buffer[]>((resolve) => {
          timer = setTimeout(() => resolve([]), POLL_TIMEOUT_MS);
        }),
      ]).finally(() => clearTimeout(timer));
      const elapsedNs = Number(process.hrtime.bigint() - begin);
      if (records.length === 0) throw new KafkaLabError(`poll() timed out before finding a result (timeout:[${POLL_TIMEOUT_MS}])`, { kind: 'timeout' });
      if (!records[0]!.equals(message))
        throw new KafkaLabError(`The message read [${records[0]!.toString('utf8')}] did not match the message sent [${message.toString('utf8')}]`, {
          kind: 'failed',
        });
      if (records.length !== 1) throw new KafkaLabError(`Only one result was expected during this test. We found [${records.length}]`, { kind: 'failed' });
      if (i % 1000 === 0) o.line(`${i}\t${javaDouble(elapsedNs / 1000 / 1000)}`);
      total += elapsedNs;
      latencies.push(Math.floor(elapsedNs / 1000 / 1000));
    }
  } finally {
    fetcher.stop();
    await producer.flush();
    await running.catch(() => {});
  }
  for (const l of latencySummary(total, latencies)) o.line(l);
  return { avgMs: total / o.numMessages / 1e6, latenciesMs: latencies };
}
