/**
 * dump-log against Kafka's own DumpLogSegments on segments the real shared broker wrote:
 * keys, headers, null keys and values, every codec (from kafkajs and from Kafka's Java console
 * producer, which frames snappy the xerial way), transaction markers, LogAppendTime, rolled
 * segments with real index entries; then corrupted copies.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKafka } from '../../../src/client/connection.js';
import { runKafkaTool } from '../../helpers/kafka.js';
import { runCli } from '../../helpers/cli.js';

const bootstrap = inject('bootstrap');
const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const codecs = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;
/** kafkajs writes these two itself; the other codecs come from Kafka's Java producer below */
const kafkajsCodecs = ['none', 'gzip'] as const;
const topic = (what: string) => `dumplog-${what}-${run}`;

/** The shared broker's log dir is not injected; the unique topic name finds its partition folder. */
function partitionDir(t: string, partition = 0): string {
  const roots = readdirSync(tmpdir()).filter((d) => d.startsWith('kafka-lab-test-')).map((d) => join(tmpdir(), d, 'kafka-logs'));
  for (const r of roots) if (existsSync(join(r, `${t}-${partition}`))) return join(r, `${t}-${partition}`);
  throw new Error(`partition folder of ${t} not found`);
}

function segmentFiles(dir: string): string[] {
  return readdirSync(dir).filter((f) => /\.(log|index|timeindex)$/.test(f)).sort().map((f) => join(dir, f));
}

let tmp: string;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'kafka-lab-dumplog-'));
  const { kafka } = await createKafka({ bootstrapServer: bootstrap });
  const { CompressionTypes } = await import('kafkajs');
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: [
      ...kafkajsCodecs.map((c) => ({ topic: topic(`kjs-${c}`), numPartitions: 1 })),
      ...(['snappy', 'lz4', 'zstd'] as const).map((c) => ({ topic: topic(`java-${c}`), numPartitions: 1 })),
      { topic: topic('txn'), numPartitions: 1, configEntries: [{ name: 'message.timestamp.type', value: 'LogAppendTime' }] },
      // tiny segments and a dense index: several rolled segments with real index entries
      { topic: topic('rolled'), numPartitions: 1, configEntries: [{ name: 'segment.bytes', value: '1200' }, { name: 'index.interval.bytes', value: '150' }] },
    ],
  });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  const types = { none: CompressionTypes.None, gzip: CompressionTypes.GZIP };
  for (const c of kafkajsCodecs) {
    await producer.send({
      topic: topic(`kjs-${c}`),
      compression: types[c],
      messages: [
        { key: 'k1', value: 'hello', headers: { h1: 'v1', trace: 'abc' } },
        { key: null, value: 'no key' },
        { key: 'tombstone', value: null },
        { key: 'ünï', value: 'välue ✓\twith tab', headers: { empty: '' } },
      ],
    });
    await producer.send({ topic: topic(`kjs-${c}`), compression: types[c], messages: [{ value: 'second batch' }] });
  }
  for (let i = 0; i < 30; i++) {
    await producer.send({ topic: topic('rolled'), messages: [{ key: `key-${i}`, value: `value-${i}-${'x'.repeat(i * 3)}` }] });
  }
  await producer.disconnect();
  const lines = 'h1:v1,h2:v2\tk1\tvalue one\nh3:NULL\tk2\tNULL\nh4:\tNULL\tnokey\n';
  const javaRuns = (['snappy', 'lz4', 'zstd'] as const).map((c) =>
    runKafkaTool('kafka.tools.ConsoleProducer', ['--bootstrap-server', bootstrap, '--topic', topic(`java-${c}`), '--compression-codec', c, '--property', 'parse.key=true', '--property', 'parse.headers=true', '--property', 'null.marker=NULL'], { input: lines }),
  );
  javaRuns.push(
    runKafkaTool('org.apache.kafka.tools.ProducerPerformance', ['--topic', topic('txn'), '--num-records', '12', '--record-size', '8', '--throughput', '-1', '--producer-props', `bootstrap.servers=${bootstrap}`, '--transactional-id', `tx-${run}`, '--transaction-duration-ms', '20']),
  );
  for (const r of await Promise.all(javaRuns)) expect(r.exitCode, r.stderr).toBe(0);
});

afterAll(() => {
  // nothing to stop: the shared broker belongs to global-setup
});

async function compareWithKafka(files: string[], flags: string[]) {
  const [ours, theirs] = await Promise.all([
    runCli(['dump-log', '--files', files.join(','), ...flags]),
    runKafkaTool('kafka.tools.DumpLogSegments', ['--files', files.join(','), ...flags]),
  ]);
  expect(theirs.exitCode, theirs.stderr).toBe(0);
  expect(ours.stderr).toBe(theirs.stderr);
  expect(ours.stdout).toBe(theirs.stdout);
  expect(ours.exitCode).toBe(0);
  return ours;
}

describe('dump-log compared with Kafka DumpLogSegments', () => {
  it('matches byte for byte on every codec, keys, headers and nulls (--print-data-log)', async () => {
    const files = [
      ...kafkajsCodecs.flatMap((c) => segmentFiles(partitionDir(topic(`kjs-${c}`)))),
      ...(['snappy', 'lz4', 'zstd'] as const).flatMap((c) => segmentFiles(partitionDir(topic(`java-${c}`)))),
    ];
    const ours = await compareWithKafka(files, ['--print-data-log']);
    for (const c of codecs) expect(ours.stdout).toContain(`compresscodec: ${c} `);
    expect(ours.stdout).toContain('headerKeys: [h1,trace] key: k1 payload: hello');
    expect(ours.stdout).toContain('keySize: 9 valueSize: -1');
  });

  it('matches on transaction markers and LogAppendTime (--deep-iteration)', async () => {
    const ours = await compareWithKafka(segmentFiles(partitionDir(topic('txn'))), ['--deep-iteration']);
    expect(ours.stdout).toContain('endTxnMarker: COMMIT coordinatorEpoch: 0');
    expect(ours.stdout).toContain('LogAppendTime: ');
  });

  it('matches on rolled segments with real .index and .timeindex entries', async () => {
    const files = segmentFiles(partitionDir(topic('rolled')));
    expect(files.filter((f) => f.endsWith('.log')).length).toBeGreaterThan(2);
    const ours = await compareWithKafka(files, []);
    expect(ours.stdout).toMatch(/offset: \d+ position: [1-9]\d*/);
    await compareWithKafka(files, ['--print-data-log']);
  });

  it('prints JSON with the same batches', async () => {
    const log = segmentFiles(partitionDir(topic('kjs-gzip'))).find((f) => f.endsWith('.log'))!;
    const r = await runCli(['dump-log', '--files', log, '--print-data-log', '--output', 'json']);
    expect(r.exitCode).toBe(0);
    const j = JSON.parse(r.stdout) as { files: { batches: { compression: string; records: { key: string | null; payload: string | null; headers: { key: string }[] }[] }[] }[] };
    const batch = j.files[0]!.batches[0]!;
    expect(batch.compression).toBe('gzip');
    expect(batch.records[0]).toMatchObject({ key: 'k1', payload: 'hello' });
    expect(batch.records[2]).toMatchObject({ key: 'tombstone', payload: null });
  });
});

describe('dump-log on corrupted copies', () => {
  function corruptCopy(name: string, change: (b: Buffer) => Buffer): string {
    const src = segmentFiles(partitionDir(topic('kjs-none'))).find((f) => f.endsWith('.log'))!;
    const dir = join(tmp, name);
    mkdirSync(dir, { recursive: true });
    const dest = join(dir, '00000000000000000000.log');
    copyFileSync(src, dest);
    writeFileSync(dest, change(readFileSync(dest)));
    return dest;
  }

  it('reports a flipped byte as a CRC mismatch at its batch position, after printing what Kafka prints', async () => {
    const f = corruptCopy('flipped', (b) => { b[70] ^= 0xff; return b; });
    const [ours, theirs] = await Promise.all([runCli(['dump-log', '--files', f]), runKafkaTool('kafka.tools.DumpLogSegments', ['--files', f])]);
    expect(ours.stdout).toBe(theirs.stdout);
    expect(ours.stdout).toContain('isvalid: false');
    expect(ours.exitCode).toBe(1);
    expect(ours.stderr).toMatch(/error: .*CRC mismatch in the batch at position 0 .*stored crc \d+, computed \d+/);
    expect(ours.stderr).not.toMatch(/\n\s+at /);
  });

  it('reports a truncated file as a truncated batch with the position and sizes', async () => {
    const f = corruptCopy('truncated', (b) => b.subarray(0, b.length - 7));
    const [ours, theirs] = await Promise.all([runCli(['dump-log', '--files', f, '--deep-iteration']), runKafkaTool('kafka.tools.DumpLogSegments', ['--files', f, '--deep-iteration'])]);
    expect(ours.stdout).toBe(theirs.stdout);
    expect(ours.stdout).toMatch(/Found \d+ invalid bytes at the end of 00000000000000000000.log/);
    expect(ours.exitCode).toBe(1);
    expect(ours.stderr).toMatch(/truncated batch: its header declares \d+ bytes but only \d+ remain in the file \(byte position \d+\)/);
  });

  it('reports a corrupt compressed batch instead of crashing (Kafka throws a stack trace there)', async () => {
    const src = segmentFiles(partitionDir(topic('kjs-gzip'))).find((f) => f.endsWith('.log'))!;
    const dest = join(tmp, 'gz.log');
    const b = readFileSync(src);
    b[90] ^= 0x55;
    writeFileSync(dest, b);
    const r = await runCli(['dump-log', '--files', dest, '--print-data-log']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/error: .*(CRC mismatch|cannot decompress gzip)/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('says which file is missing', async () => {
    const r = await runCli(['dump-log', '--files', join(tmp, 'nope', '00000000000000000000.log')]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('no such file');
  });
});
