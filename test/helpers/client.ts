/**
 * Test conveniences over kafka-lab's own client (src/client, src/produce, src/consume), for
 * setting up data and reading it back in end-to-end tests. Where a test checks kafka-lab's own
 * producer or consumer, it reads or writes with Kafka's tools from the engine jars instead
 * (kafkaTool below), so the check is independent of the code under test.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  commitOffsets,
  createTopics,
  deleteGroups,
  deleteTopics,
  describeGroups,
  fetchCommittedOffsets,
  listGroups,
  listTopicNames,
  throwFirst,
  watermarks,
} from '../../src/client/admin.js';
import { openClient } from '../../src/client/connection.js';
import { type KafkaClient, retrying } from '../../src/client/kafka-client.js';
import { decodeAssignment } from '../../src/consume/consumer-protocol.js';
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

/**
 * A group request, retried while the group's coordinator is not ready (a fresh broker answers
 * COORDINATOR_NOT_AVAILABLE while it creates __consumer_offsets), for up to 30 s.
 */
function forGroup<T>(c: KafkaClient, group: string, fn: () => Promise<T>): Promise<T> {
  return retrying(fn, Date.now() + 30_000, 200, () => c.forgetCoordinator({ group }));
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

/** Commits offsets for a group with no members (as kafka-consumer-groups --reset-offsets does). */
export async function commitGroupOffsets(bootstrap: string, group: string, offsets: { topic: string; partition: number; offset: number }[]): Promise<void> {
  await withClient(bootstrap, (c) =>
    forGroup(c, group, () =>
      commitOffsets(
        c,
        group,
        offsets.map((o) => ({ ...o, offset: BigInt(o.offset) })),
      ),
    ),
  );
}

export async function removeGroups(bootstrap: string, groups: string[]): Promise<void> {
  await withClient(bootstrap, async (c) => {
    for (const g of groups) await forGroup(c, g, () => deleteGroups(c, [g]));
  });
}

export async function topicNames(bootstrap: string, opts: { commandConfig?: string } = {}): Promise<string[]> {
  return withClient(bootstrap, (c) => listTopicNames(c), opts);
}

export async function groupIds(bootstrap: string): Promise<string[]> {
  return withClient(bootstrap, async (c) => (await listGroups(c)).map((g) => g.groupId));
}

export interface GroupState {
  state: string;
  protocol: string;
  /** each member's assigned partitions, per topic */
  members: { memberId: string; clientId: string; assignment: Map<string, number[]> }[];
}

export async function describeGroup(bootstrap: string, group: string): Promise<GroupState> {
  return withClient(bootstrap, async (c) => {
    const [g] = await forGroup(c, group, () => describeGroups(c, [group]));
    return {
      state: g!.state,
      protocol: g!.protocol,
      members: g!.members.map((m) => ({ memberId: m.memberId, clientId: m.clientId, assignment: decodeAssignment(m.assignment) })),
    };
  });
}

/**
 * The groups that have anything to do with a topic: a member assigned one of its partitions, or
 * an offset committed for it. (Other test files use the shared broker at the same time, so a
 * test that must leave no group behind looks for groups about its own topic.)
 */
export async function groupsTouching(bootstrap: string, topic: string): Promise<string[]> {
  return withClient(bootstrap, async (c) => {
    const out: string[] = [];
    for (const { groupId } of await listGroups(c)) {
      const [g] = await forGroup(c, groupId, () => describeGroups(c, [groupId]));
      const assigned = g?.protocolType === 'consumer' && g.members.some((m) => decodeAssignment(m.assignment).has(topic));
      const offsets = await fetchCommittedOffsets(c, groupId).catch(() => []);
      if (assigned || offsets.some((o) => o.topic === topic)) out.push(groupId);
    }
    return out;
  });
}

/**
 * Produces records with kafka-lab's producer (acks=all, idempotent unless acks says otherwise).
 * `batching`: 'auto' lets the producer batch (linger.ms=0), 'one' puts the records of this call
 * into as few batches as batch.size allows, 'each' sends every record as its own batch and waits
 * for it (Kafka's --sync).
 */
export async function produce(
  bootstrap: string,
  topic: string,
  records: TestRecord[],
  opts: { acks?: -1 | 0 | 1; compression?: CompressionName; commandConfig?: string; batching?: 'auto' | 'one' | 'each' } = {},
): Promise<void> {
  const batching = opts.batching ?? 'auto';
  await withClient(
    bootstrap,
    async (c) => {
      const failures: string[] = [];
      const p = new Producer(c, {
        acks: opts.acks ?? -1,
        compression: opts.compression ?? 'none',
        // 'one': nothing leaves before flush() seals the batch
        lingerMs: batching === 'one' ? 10_000 : 0,
        onFailure: (_t, e) => failures.push(e.message),
      });
      await p.start();
      let i = 0;
      for (const r of records) {
        const record = {
          topic,
          partition: r.partition,
          key: bytes(r.key),
          value: bytes(r.value),
          headers: (r.headers ?? []).map(([key, value]) => ({ key, value: bytes(value) })),
          timestamp: r.timestamp,
        };
        if (batching === 'each') await p.sendAndWait(record, ++i);
        else {
          const w = p.send(record, ++i);
          if (w) await w;
        }
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
    (await forGroup(c, group, () => fetchCommittedOffsets(c, group))).map((o) => ({ topic: o.topic, partition: o.partition, offset: Number(o.offset) })),
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
): Promise<{ stdout: string; stdoutBytes: Buffer; stderr: string; exitCode: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'java',
      ['-Xmx256m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-cp', classpath(opts.version ?? ENGINE_VERSION), mainClass, ...args],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const stdoutBytes = Buffer.concat(out);
      resolve({ stdout: stdoutBytes.toString('utf8'), stdoutBytes, stderr: Buffer.concat(err).toString('utf8'), exitCode: code ?? -1 });
    });
    child.stdin.on('error', () => {});
    child.stdin.end(opts.input ?? '');
  });
}

const hex = (b: Bytes | undefined): string => {
  const buf = bytes(b);
  return buf === null ? '-' : buf.toString('hex');
};

/**
 * Produces with Kafka's own Java producer from the engine jars (acks=all, idempotent: its
 * defaults), for tests of kafka-lab's consumer side that need exact records (partitions,
 * timestamps, nulls, binary bytes, headers) or transactions ('begin', 'commit', 'abort' between
 * records; pass transactional.id in props). `props` are producer configs (compression.type, ...).
 */
export async function javaProduce(
  bootstrap: string,
  topic: string,
  steps: (TestRecord | 'begin' | 'commit' | 'abort')[],
  opts: { props?: Record<string, string>; version?: string; timeoutMs?: number } = {},
): Promise<void> {
  const input = steps
    .map((s) =>
      typeof s === 'string'
        ? s
        : [
            'send',
            topic,
            s.partition ?? -1,
            s.timestamp ?? -1,
            hex(s.key),
            hex(s.value),
            (s.headers ?? []).map(([k, v]) => `${Buffer.from(k).toString('hex')}=${hex(v)}`).join(','),
          ].join('\t'),
    )
    .join('\n');
  const source = fileURLToPath(new URL('./java/TestProducer.java', import.meta.url));
  const props = Object.entries(opts.props ?? {}).map(([k, v]) => `${k}=${v}`);
  const r = await kafkaTool(source, [bootstrap, ...props], { input: `${input}\n`, timeoutMs: opts.timeoutMs, version: opts.version });
  if (r.exitCode !== 0 || !/^ok \d+$/m.test(r.stdout)) throw new Error(`Java producer failed (exit ${r.exitCode}):\n${r.stdout}${r.stderr}`);
}

export interface BackgroundTool {
  pid: number;
  output: () => string;
  exited: Promise<number>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone */
  stop: (graceMs?: number) => Promise<void>;
}

/**
 * Starts one of Kafka's tool classes in the background (e.g. a ConsoleConsumer that stays in a
 * group). The caller must stop() it by pid in afterAll.
 */
export function startKafkaTool(mainClass: string, args: string[], opts: { version?: string } = {}): BackgroundTool {
  const child = spawn(
    'java',
    ['-Xmx256m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-cp', classpath(opts.version ?? ENGINE_VERSION), mainClass, ...args],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
  const exited = new Promise<number>((r) => child.on('close', (code, signal) => r(code ?? (signal ? 128 : -1))));
  return {
    pid: child.pid!,
    output: () => output,
    exited,
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      process.kill(child.pid!, 'SIGTERM');
      const t = setTimeout(() => {
        try {
          process.kill(child.pid!, 'SIGKILL');
        } catch {}
      }, graceMs);
      await exited;
      clearTimeout(t);
    },
  };
}
