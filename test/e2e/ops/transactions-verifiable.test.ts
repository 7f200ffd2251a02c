/**
 * kafka-transactions, the verifiable producer and consumer and kafka-e2e-latency on the shared
 * test broker (Kafka 3.9.2), side by side with Kafka's own tools from the engine jars. An open
 * transaction comes from Kafka's own transactional ProducerPerformance; hanging ones are made
 * the way they happen in real life: a transactional batch the coordinator never heard of
 * (partition verification off on this broker for the test, restored afterwards).
 */
import { initProducerIdV3, initProducerIdV4, initProducerIdV5 } from '@platformatic/kafka';
import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { decodeProduceResponse, encodeProduceRequest, PRODUCE_API_KEY, PRODUCE_VERSIONS } from '../../../src/protocol/produce.js';
import { RecordBatchBuilder } from '../../../src/protocol/record-batch.js';
import { createTopic, produce, readAll, withClient } from '../../helpers/client.js';
import { expectError } from '../../helpers/expect-error.js';
import { runMain } from '../../helpers/io.js';
import { classpath, runKafkaTool } from '../../helpers/kafka.js';

const B = inject('bootstrap');
const uniq = (p: string) => `${p}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
const ours = (args: string[]) => runMain([...args, '--bootstrap-server', B]);
const TXN = 'org.apache.kafka.tools.TransactionsCommand';
const kafkaTxn = (args: string[]) => runKafkaTool(TXN, ['--bootstrap-server', B, ...args]);
const children: ChildProcess[] = [];

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await ours(['configs', '--entity-type', 'brokers', '--entity-name', '0', '--alter', '--delete-config', 'transaction.partition.verification.enable']);
});

/** The table's rows as cells (Kafka's prettyPrintTable: values padded, each followed by a tab). */
const cells = (text: string) =>
  text
    .trimEnd()
    .split('\n')
    .map((l) => l.split('\t').map((c) => c.trim()));

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** A hanging transaction: a transactional batch from a producer id no coordinator knows; returns its offset. */
async function hangingTransaction(topic: string, partition: number): Promise<number> {
  return withClient(B, async (c) => {
    const id = await c.call('any', [initProducerIdV3, initProducerIdV4, initProducerIdV5], [null, 60_000, -1n, -1]);
    const batch = new RecordBatchBuilder('none');
    batch.append({ key: null, value: Buffer.from('never committed'), headers: [] }, Date.now());
    const bytes = batch.build({ producerId: id.producerId, producerEpoch: id.producerEpoch, baseSequence: 0, transactional: true });
    const meta = await c.metadata([topic]);
    const leader = meta.topics[0]!.partitions.find((p) => p.partition === partition)!.leader;
    const r = await c.request(
      leader,
      PRODUCE_API_KEY,
      PRODUCE_VERSIONS,
      () => encodeProduceRequest(-1, 10_000, [{ topic, partitions: [{ partition, records: bytes }] }], 'kafka-lab-hanging-test'),
      (reader, v) => decodeProduceResponse(reader.buffer.slice(reader.position, reader.length), v),
      () => true,
    );
    const p = r!.topics[0]!.partitions[0]!;
    if (p.errorCode !== 0) throw new Error(`the hanging batch was refused: error ${p.errorCode}`);
    return p.baseOffset;
  });
}

describe('kafka-transactions, side by side with Kafka 3.9', () => {
  it('list, describe and describe-producers of an open transaction: the same table', async () => {
    const topic = uniq('txn');
    const txnId = uniq('tx');
    await createTopic(B, topic, { partitions: 1 });
    // Kafka's own transactional producer keeps one transaction open (a 10-minute transaction, 5 records a second)
    const perf = spawn(
      'java',
      [
        '-Xmx192m',
        '-cp',
        classpath(),
        'org.apache.kafka.tools.ProducerPerformance',
        '--topic',
        topic,
        '--num-records',
        '100000',
        '--throughput',
        '5',
        '--record-size',
        '10',
        '--producer-props',
        `bootstrap.servers=${B}`,
        '--transactional-id',
        txnId,
        '--transaction-duration-ms',
        '600000',
      ],
      { stdio: 'ignore' },
    );
    children.push(perf);
    const listed = await until(
      () => ours(['transactions', 'list']),
      (r) => r.stdout.includes(txnId) && r.stdout.includes('Ongoing'),
      60_000,
    );
    const k = await kafkaTxn(['list']);
    // other tests' transactional ids may come and go meanwhile: compare the header and this one's row
    const mine = (out: string) => out.split('\n').filter((l, i) => i === 0 || l.startsWith(`${txnId} `) || l.startsWith(`${txnId}\t`));
    expect(mine(listed.stdout)).toEqual(mine(k.stdout));
    expect(mine(listed.stdout)).toHaveLength(2);
    expect(cells(listed.stdout)[0]).toEqual(['TransactionalId', 'Coordinator', 'ProducerId', 'TransactionState', '']);

    const kd = await kafkaTxn(['describe', '--transactional-id', txnId]);
    const od = await ours(['transactions', 'describe', '--transactional-id', txnId]);
    // TransactionDurationMs is now minus the start: it differs by the time between the two runs
    const dropDuration = (rows: string[][]) => rows.map((r) => r.filter((_, i) => i !== 7));
    expect(dropDuration(cells(od.stdout))).toEqual(dropDuration(cells(kd.stdout)));
    expect(cells(od.stdout)[1]![4]).toBe('Ongoing');
    expect(cells(od.stdout)[1]![8]).toBe(`${topic}-0`);

    const kp = await kafkaTxn(['describe-producers', '--topic', topic, '--partition', '0']);
    const op = await ours(['transactions', 'describe-producers', '--topic', topic, '--partition', '0']);
    // the producer keeps writing: compare all but LastSequence and LastTimestamp
    const steady = (rows: string[][]) => rows.map((r) => [r[0], r[1], r[2], r[5]]);
    expect(steady(cells(op.stdout))).toEqual(steady(cells(kp.stdout)));
    expect(op.stdout.split('\n')[0]).toBe(kp.stdout.split('\n')[0]);
    perf.kill('SIGKILL');
  }, 120_000);

  it('find-hanging finds the same hanging transactions; abort (Kafka on one, kafka-lab on the other) ends them', async () => {
    const topic = uniq('hang');
    await createTopic(B, topic, { partitions: 2 });
    const set = await ours([
      'configs',
      '--entity-type',
      'brokers',
      '--entity-name',
      '0',
      '--alter',
      '--add-config',
      'transaction.partition.verification.enable=false',
    ]);
    expect(set.exitCode, set.stderr).toBe(0);
    await new Promise((r) => setTimeout(r, 1000));
    await produce(B, topic, [{ value: 'before', partition: 0 }]);
    const offsets = [await hangingTransaction(topic, 0), await hangingTransaction(topic, 1)];
    const args = ['find-hanging', '--topic', topic, '--max-transaction-timeout', '0'];
    await new Promise((r) => setTimeout(r, 50));
    const kh = await kafkaTxn(args);
    const oh = await ours(['transactions', ...args]);
    expect(kh.exitCode, kh.stderr).toBe(0);
    expect(oh.stdout).toBe(kh.stdout);
    expect(
      cells(oh.stdout)
        .slice(1)
        .map((r) => [r[0], r[1], r[5]]),
    ).toEqual([
      [topic, '0', String(offsets[0])],
      [topic, '1', String(offsets[1])],
    ]);

    const ka = await kafkaTxn(['abort', '--topic', topic, '--partition', '0', '--start-offset', String(offsets[0])]);
    const oa = await ours(['transactions', 'abort', '--topic', topic, '--partition', '1', '--start-offset', String(offsets[1])]);
    expect([ka.exitCode, ka.stdout]).toEqual([0, '']);
    expect([oa.exitCode, oa.stdout, oa.stderr]).toEqual([0, '', '']);
    expect((await ours(['transactions', ...args])).stdout).toBe((await kafkaTxn(args)).stdout);
    expect(cells((await ours(['transactions', ...args])).stdout)).toHaveLength(1);
    // aborted: a read_committed reader gets past them, and skips what they wrote
    const committed = await readAll(B, topic, { readCommitted: true });
    expect(committed.map((r) => r.value?.toString())).toEqual(['before']);
  }, 120_000);

  it('R26 describe of an unknown transactional id; R27 abort where no transaction starts', async () => {
    expectError(
      { ...(await ours(['transactions', 'describe', '--transactional-id', 'no-such-txn'])), ms: 0 },
      1,
      'Failed to describe transaction state of transactional-id `no-such-txn`: The transactionalId could not be found.',
      'kafka-lab transactions list shows the transactional ids the coordinators know.',
    );
    const topic = uniq('noabort');
    await createTopic(B, topic, { partitions: 1 });
    expectError(
      { ...(await ours(['transactions', 'abort', '--topic', topic, '--partition', '0', '--start-offset', '99'])), ms: 0 },
      1,
      `Could not find any open transactions starting at offset 99 on partition ${topic}-0`,
      `kafka-lab transactions describe-producers --topic ${topic} --partition 0 shows the open transactions and their start offsets.`,
    );
  });
});

/** An event line without its timestamp (the only value that differs between two runs). */
const event = (line: string) => {
  const o = JSON.parse(line) as Record<string, unknown>;
  expect(typeof o.timestamp).toBe('number');
  const { timestamp: _, ...rest } = o;
  return JSON.stringify(rest);
};

describe('verifiable producer and consumer, side by side with Kafka 3.9', () => {
  const kTopic = uniq('vp-kafka');
  const oTopic = uniq('vp-ours');

  it("the producer: Kafka's events for the same records (keys, values, partitions, offsets)", async () => {
    await createTopic(B, kTopic, { partitions: 2 });
    await createTopic(B, oTopic, { partitions: 2 });
    const args = ['--max-messages', '20', '--repeating-keys', '5', '--value-prefix', '3'];
    const k = await runKafkaTool('org.apache.kafka.tools.VerifiableProducer', ['--bootstrap-server', B, '--topic', kTopic, ...args]);
    const o = await ours(['verifiable-producer', '--topic', oTopic, ...args]);
    expect(k.exitCode, k.stderr).toBe(0);
    expect(o.exitCode, o.stderr).toBe(0);
    const norm = (out: string, topic: string) =>
      out
        .trim()
        .split('\n')
        .map(event)
        .map((l) => l.replaceAll(topic, 'T'));
    const kl = norm(k.stdout, kTopic);
    const ol = norm(o.stdout, oTopic);
    expect(ol[0]).toBe('{"name":"startup_complete"}');
    expect(ol[0]).toBe(kl[0]);
    // acknowledgements of different partitions may come in another order
    expect(ol.slice(1, -2).sort()).toEqual(kl.slice(1, -2).sort());
    expect(ol).toHaveLength(23);
    expect(ol.at(-2)).toBe(kl.at(-2));
    const summary = (l: string) => {
      const { avg_throughput: _, ...rest } = JSON.parse(l);
      return rest;
    };
    expect(summary(ol.at(-1)!)).toEqual(summary(kl.at(-1)!));
    expect(summary(ol.at(-1)!)).toEqual({ name: 'tool_data', sent: 20, acked: 20, target_throughput: -1 });
  }, 60_000);

  it("the consumer: Kafka's events (assignment, records, commits, revocation) for the same topic", async () => {
    const args = ['--topic', oTopic, '--max-messages', '20', '--verbose'];
    const k = await runKafkaTool('org.apache.kafka.tools.VerifiableConsumer', ['--bootstrap-server', B, '--group-id', uniq('vc-kafka'), ...args]);
    const o = await ours(['verifiable-consumer', '--group-id', uniq('vc-ours'), ...args]);
    expect(k.exitCode, k.stderr).toBe(0);
    expect(o.exitCode, o.stderr).toBe(0);
    const parse = (out: string) =>
      out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(event(l)) as Record<string, unknown> & { name: string });
    const kl = parse(k.stdout);
    const ol = parse(o.stdout);
    const names = (l: typeof kl) => [...new Set(l.map((e) => e.name))].sort();
    expect(names(ol)).toEqual(names(kl));
    expect(ol[0]).toEqual(kl[0]);
    expect(ol.find((e) => e.name === 'partitions_assigned')).toEqual(kl.find((e) => e.name === 'partitions_assigned'));
    const records = (l: typeof kl) =>
      l
        .filter((e) => e.name === 'record_data')
        .map((e) => JSON.stringify(e))
        .sort();
    expect(records(ol)).toEqual(records(kl));
    expect(records(ol)).toHaveLength(20);
    const consumed = (l: typeof kl) =>
      l.filter((e) => e.name === 'records_consumed').reduce((n, e) => n + (e.partitions as { count: number }[]).reduce((m, p) => m + p.count, 0), 0);
    expect(consumed(ol)).toBe(20);
    expect(consumed(kl)).toBe(20);
    const lastCommits = (l: typeof kl) => {
      const m = new Map<number, number>();
      for (const e of l) if (e.name === 'offsets_committed') for (const x of e.offsets as { partition: number; offset: number }[]) m.set(x.partition, x.offset);
      return [...m].sort();
    };
    expect(lastCommits(ol)).toEqual(lastCommits(kl));
    expect(ol.slice(-2)).toEqual(kl.slice(-2));
  }, 90_000);
});

describe('kafka-e2e-latency, side by side with Kafka 3.9', () => {
  it("creates a missing topic and prints Kafka's progress, average and percentile lines", async () => {
    const kTopic = uniq('lat-kafka');
    const oTopic = uniq('lat-ours');
    const k = await runKafkaTool('org.apache.kafka.tools.EndToEndLatency', [B, kTopic, '300', 'all', '64']);
    const o = await runMain(['e2e-latency', B, oTopic, '300', 'all', '64']);
    expect(k.exitCode, k.stderr).toBe(0);
    expect(o.exitCode, o.stderr).toBe(0);
    const shape = (out: string, topic: string) =>
      out
        .trimEnd()
        .split('\n')
        .map((l) =>
          l
            .replace(topic, 'T')
            .replace(/^(\d+)\t\d+(\.\d+)?(E-?\d+)?$/, '$1\t<ms>')
            .replace(/\d+\.\d{4} ms$/, '<avg> ms')
            .replace(/= \d+/g, '= <n>'),
        );
    expect(shape(o.stdout, oTopic)).toEqual(shape(k.stdout, kTopic));
    expect(shape(o.stdout, oTopic)).toEqual([
      'Topic "T" does not exist. Will create topic with 1 partition(s) and replication factor = <n>',
      '0\t<ms>',
      'Avg latency: <avg> ms',
      'Percentiles: 50th = <n>, 99th = <n>, 99.9th = <n>',
    ]);
  }, 120_000);
});
