/**
 * Test conveniences over kafka-lab's own client (src/client, src/produce, src/consume), for
 * setting up data and reading it back in end-to-end tests. Where a test checks kafka-lab's own
 * producer or consumer, it reads or writes with Kafka's tools from the engine jars instead
 * (kafkaTool below), so the check is independent of the code under test.
 */
import { spawn } from 'node:child_process';
import { createTopics, deleteTopics, fetchCommittedOffsets, listGroups, listTopicNames, throwFirst, watermarks } from '../../src/client/admin.js';
import { openClient } from '../../src/client/connection.js';
import type { KafkaClient } from '../../src/client/kafka-client.js';
import { Fetcher } from '../../src/consume/fetcher.js';
import { Producer } from '../../src/produce/producer.js';
import type { CompressionName } from '../../src/protocol/compression.js';
import { classpath, ENGINE_VERSION } from './kafka.js';

export type Bytes = string | Buffer | null;

export interface TestRecord {
  key?: Bytes;
  value: Bytes;
  headers?: [string, Bytes][];
  partition?: number;
  timestamp?: number;
}

export interface ReadRecord {
  partition: number;
  offset: number;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: { key: string; value: Buffer | null }[];
}

const bytes = (b: Bytes | undefined): Buffer | null => (b === null || b === undefined ? null : Buffer.isBuffer(b) ? b : Buffer.from(b, 'utf8'));

export async function withClient<T>(
  bootstrap: string,
  fn: (c: KafkaClient) => Promise<T>,
  opts: { commandConfig?: string; timeoutMs?: number } = {},
): Promise<T> {
  const client = await openClient({ bootstrapServer: bootstrap, commandConfig: opts.commandConfig, timeout: opts.timeoutMs ?? 15_000 });
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}

export async function createTopic(
  bootstrap: string,
  name: string,
  opts: { partitions?: number; replicationFactor?: number; configs?: Record<string, string>; commandConfig?: string } = {},
): Promise<void> {
  await withClient(
    bootstrap,
    async (c) => {
      const r = await createTopics(
        c,
        [{ name, partitions: opts.partitions ?? 1, replicationFactor: opts.replicationFactor ?? 1, configs: Object.entries(opts.configs ?? {}) }],
        15_000,
      );
      throwFirst(r);
      // wait until every partition has a leader (new topics answer LEADER_NOT_AVAILABLE for a moment)
      for (let i = 0; i < 100; i++) {
        const m = await c.metadata([name]);
        const t = m.topics[0];
        if (t && t.errorCode === 0 && t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0)) return;
        await new Promise((res) => setTimeout(res, 100));
      }
      throw new Error(`topic ${name} has no leaders after 10 s`);
    },
    opts,
  );
}

export async function removeTopics(bootstrap: string, names: string[]): Promise<void> {
  await withClient(bootstrap, async (c) => {
    await deleteTopics(c, names, 15_000);
  });
}

export async function topicNames(bootstrap: string, opts: { commandConfig?: string } = {}): Promise<string[]> {
  return withClient(bootstrap, (c) => listTopicNames(c), opts);
}

export async function groupIds(bootstrap: string): Promise<string[]> {
  return withClient(bootstrap, async (c) => (await listGroups(c)).map((g) => g.groupId));
}

/** Produces records with kafka-lab's producer (acks=all, idempotent unless acks says otherwise). */
export async function produce(
  bootstrap: string,
  topic: string,
  records: TestRecord[],
  opts: { acks?: -1 | 0 | 1; compression?: CompressionName; commandConfig?: string } = {},
): Promise<void> {
  await withClient(
    bootstrap,
    async (c) => {
      const failures: string[] = [];
      const p = new Producer(c, {
        acks: opts.acks ?? -1,
        compression: opts.compression ?? 'none',
        lingerMs: 0,
        onFailure: (_t, e) => failures.push(e.message),
      });
      await p.start();
      let i = 0;
      for (const r of records) {
        const w = p.send(
          {
            topic,
            partition: r.partition,
            key: bytes(r.key),
            value: bytes(r.value),
            headers: (r.headers ?? []).map(([key, value]) => ({ key, value: bytes(value) })),
            timestamp: r.timestamp,
          },
          ++i,
        );
        if (w) await w;
      }
      await p.flush();
      if (failures.length > 0) throw new Error(`produce failed: ${failures[0]}`);
    },
    opts,
  );
}

/** Log start and end offsets per partition. */
export async function offsetsOf(bootstrap: string, topic: string): Promise<Map<number, { low: number; high: number }>> {
  return withClient(bootstrap, async (c) => {
    const m = await watermarks(c, [topic]);
    return new Map([...m].map(([k, v]) => [Number(k.split('\u0000')[1]), { low: Number(v.low), high: Number(v.high) }]));
  });
}

export async function committed(bootstrap: string, group: string): Promise<{ topic: string; partition: number; offset: number }[]> {
  return withClient(bootstrap, async (c) =>
    (await fetchCommittedOffsets(c, group)).map((o) => ({ topic: o.topic, partition: o.partition, offset: Number(o.offset) })),
  );
}

/** Every record of a topic, from the log start to its end as of now, by assignment (no group). */
export async function readAll(bootstrap: string, topic: string, opts: { commandConfig?: string; readCommitted?: boolean } = {}): Promise<ReadRecord[]> {
  return withClient(
    bootstrap,
    async (c) => {
      const marks = await watermarks(c, [topic]);
      const ends = new Map<number, number>();
      const starts: { topic: string; partition: number; offset: number }[] = [];
      for (const [k, w] of marks) {
        const partition = Number(k.split('\u0000')[1]);
        ends.set(partition, Number(w.high));
        if (w.high > w.low) starts.push({ topic, partition, offset: Number(w.low) });
      }
      const out: ReadRecord[] = [];
      if (starts.length === 0) return out;
      const f = new Fetcher(c, { isolationLevel: opts.readCommitted ? 1 : 0, resetPolicy: 'earliest' });
      f.assign(starts);
      const done = () => f.assigned().every((p) => p.position >= (ends.get(p.partition) ?? 0));
      await f.run({
        record: (_t, partition, cur) => {
          out.push({ partition, offset: cur.offset, timestamp: cur.timestamp, key: cur.key(), value: cur.value(), headers: cur.headers() });
          return true;
        },
        flushed: () => {
          if (done()) f.stop();
          return undefined;
        },
      });
      return out;
    },
    opts,
  );
}

/** Runs one of Kafka's own tool classes from the engine jars (the independent oracle). */
export function kafkaTool(
  mainClass: string,
  args: string[],
  opts: { input?: string | Buffer; timeoutMs?: number; version?: string } = {},
): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn('java', ['-Xmx256m', '-cp', classpath(opts.version ?? ENGINE_VERSION), mainClass, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), exitCode: code ?? -1 });
    });
    child.stdin.on('error', () => {});
    child.stdin.end(opts.input ?? '');
  });
}
