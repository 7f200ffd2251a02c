/**
 * dump-log against Kafka's own DumpLogSegments on segments the real shared broker wrote:
 * keys, headers, null keys and values, every codec (from kafka-lab's producer and from Kafka's
 * Java console producer, which frames snappy the xerial way), transaction markers, LogAppendTime, rolled
 * segments with real index entries; then corrupted copies.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTopic, produce } from '../../helpers/client.js';
import { runKafkaTool, sharedPartitionDir } from '../../helpers/kafka.js';
import { runCli } from '../../helpers/cli.js';

const bootstrap = inject('bootstrap');
const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const codecs = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;
/** kafka-lab's producer writes these two (and is checked for all five in admin.test.ts); the others come from Kafka's Java producer */
const ourCodecs = ['none', 'gzip'] as const;
const topic = (what: string) => `dumplog-${what}-${run}`;

function segmentFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /\.(log|index|timeindex|snapshot|txnindex)$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

let tmp: string;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'kafka-lab-dumplog-'));
  await Promise.all([
    ...ourCodecs.map((c) => createTopic(bootstrap, topic(`kl-${c}`))),
    ...(['snappy', 'lz4', 'zstd'] as const).map((c) => createTopic(bootstrap, topic(`java-${c}`))),
    // transactions over small segments: rolls write producer-state .snapshot files and a .txnindex
    createTopic(bootstrap, topic('txn'), { configs: { 'message.timestamp.type': 'LogAppendTime', 'segment.bytes': '600' } }),
    // tiny segments and a dense index: several rolled segments with real index entries
    createTopic(bootstrap, topic('rolled'), { configs: { 'segment.bytes': '1200', 'index.interval.bytes': '150' } }),
  ]);
  for (const c of ourCodecs) {
    await produce(
      bootstrap,
      topic(`kl-${c}`),
      [
        {
          key: 'k1',
          value: 'hello',
          headers: [
            ['h1', 'v1'],
            ['trace', 'abc'],
          ],
        },
        { key: null, value: 'no key' },
        { key: 'tombstone', value: null },
        { key: 'ünï', value: 'välue ✓\twith tab', headers: [['empty', '']] },
      ],
      { compression: c, batching: 'one' },
    );
    await produce(bootstrap, topic(`kl-${c}`), [{ value: 'second batch' }], { compression: c });
  }
  // one batch per record, so the small segments roll
  await produce(
    bootstrap,
    topic('rolled'),
    Array.from({ length: 30 }, (_, i) => ({ key: `key-${i}`, value: `value-${i}-${'x'.repeat(i * 3)}` })),
    { batching: 'each' },
  );
  const lines = 'h1:v1,h2:v2\tk1\tvalue one\nh3:NULL\tk2\tNULL\nh4:\tNULL\tnokey\n';
  const javaRuns = (['snappy', 'lz4', 'zstd'] as const).map((c) =>
    runKafkaTool(
      'kafka.tools.ConsoleProducer',
      [
        '--bootstrap-server',
        bootstrap,
        '--topic',
        topic(`java-${c}`),
        '--compression-codec',
        c,
        '--property',
        'parse.key=true',
        '--property',
        'parse.headers=true',
        '--property',
        'null.marker=NULL',
      ],
      { input: lines },
    ),
  );
  javaRuns.push(
    runKafkaTool('org.apache.kafka.tools.ProducerPerformance', [
      '--topic',
      topic('txn'),
      '--num-records',
      '40',
      '--record-size',
      '20',
      '--throughput',
      '400',
      '--producer-props',
      `bootstrap.servers=${bootstrap}`,
      'batch.size=200',
      'linger.ms=0',
      '--transactional-id',
      `tx-${run}`,
      '--transaction-duration-ms',
      '20',
    ]),
  );
  javaRuns.push(
    runKafkaTool('org.apache.kafka.tools.consumer.ConsoleConsumer', [
      '--bootstrap-server',
      bootstrap,
      '--topic',
      topic('kl-none'),
      '--group',
      `dumplog-java-group-${run}`,
      '--from-beginning',
      '--max-messages',
      '2',
    ]),
  );
  // a kafka-lab group: joins (group metadata with its own subscription encoding) and commits
  const ours = await runCli([
    'console-consumer',
    '--bootstrap-server',
    bootstrap,
    '--topic',
    topic('kl-gzip'),
    '--group',
    `dumplog-kl-group-${run}`,
    '--from-beginning',
    '--max-messages',
    '2',
  ]);
  expect(ours.exitCode, ours.stderr).toBe(0);
  for (const r of await Promise.all(javaRuns)) expect(r.exitCode, r.stderr).toBe(0);
});

afterAll(() => {
  // the shared broker belongs to global-setup; only our copies go
  rmSync(tmp, { recursive: true, force: true });
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
      ...ourCodecs.flatMap((c) => segmentFiles(sharedPartitionDir(topic(`kl-${c}`)))),
      ...(['snappy', 'lz4', 'zstd'] as const).flatMap((c) => segmentFiles(sharedPartitionDir(topic(`java-${c}`)))),
    ];
    const ours = await compareWithKafka(files, ['--print-data-log']);
    for (const c of codecs) expect(ours.stdout).toContain(`compresscodec: ${c} `);
    expect(ours.stdout).toContain('headerKeys: [h1,trace] key: k1 payload: hello');
    expect(ours.stdout).toContain('keySize: 9 valueSize: -1');
  });

  it('matches on transaction markers, LogAppendTime and producer snapshots (--deep-iteration)', async () => {
    const files = segmentFiles(sharedPartitionDir(topic('txn')));
    expect(files.some((f) => f.endsWith('.snapshot'))).toBe(true);
    const ours = await compareWithKafka(files, ['--deep-iteration']);
    expect(ours.stdout).toMatch(/producerId: \d+ producerEpoch: \d+ coordinatorEpoch: \d+ currentTxnFirstOffset: OptionalLong/);
    expect(ours.stdout).toContain('endTxnMarker: COMMIT coordinatorEpoch: 0');
    expect(ours.stdout).toContain('LogAppendTime: ');
  });

  it('matches on rolled segments with real .index and .timeindex entries', async () => {
    const files = segmentFiles(sharedPartitionDir(topic('rolled')));
    expect(files.filter((f) => f.endsWith('.log')).length).toBeGreaterThan(2);
    const ours = await compareWithKafka(files, []);
    expect(ours.stdout).toMatch(/offset: \d+ position: [1-9]\d*/);
    await compareWithKafka(files, ['--print-data-log']);
  });

  it('decodes __consumer_offsets like Kafka (--offsets-decoder), on a snapshot copy of its segments', async () => {
    // other tests commit offsets concurrently: copy the segments so both tools read the same bytes
    const files: string[] = [];
    for (let p = 0; p < 3; p++) {
      const dir = join(tmp, `__consumer_offsets-${p}`);
      mkdirSync(dir, { recursive: true });
      const dest = join(dir, '00000000000000000000.log');
      // the shared broker's log dir is where our unique topic lives (older test dirs may linger in tmp)
      const logDir = dirname(sharedPartitionDir(topic('kl-none')));
      copyFileSync(join(logDir, `__consumer_offsets-${p}`, '00000000000000000000.log'), dest);
      files.push(dest);
    }
    const ours = await compareWithKafka(files, ['--offsets-decoder']);
    expect(ours.stdout).toContain(`key: {"type":"2","data":{"group":"dumplog-kl-group-${run}"}} payload: {"version":"`);
    expect(ours.stdout).toMatch(
      new RegExp(
        `key: \\{"type":"1","data":\\{"group":"dumplog-kl-group-${run}","topic":"${topic('kl-gzip')}","partition":0\\}\\} payload: \\{"version":"\\d","data":\\{"offset":\\d`,
      ),
    );
    expect(ours.stdout).toContain(`"subscription":{"topics":["${topic('kl-none')}"]`);
    // kafka-lab's own consumer-protocol encoding, decoded the same way by both tools
    expect(ours.stdout).toContain(`"subscription":{"topics":["${topic('kl-gzip')}"]`);
  });

  it('prints JSON with the same batches', async () => {
    const log = segmentFiles(sharedPartitionDir(topic('kl-gzip'))).find((f) => f.endsWith('.log'))!;
    const r = await runCli(['dump-log', '--files', log, '--print-data-log', '--output', 'json']);
    expect(r.exitCode).toBe(0);
    const j = JSON.parse(r.stdout) as {
      files: { batches: { compression: string; records: { key: string | null; payload: string | null; headers: { key: string }[] }[] }[] }[];
    };
    const batch = j.files[0]!.batches[0]!;
    expect(batch.compression).toBe('gzip');
    expect(batch.records).toHaveLength(4);
    expect(batch.records[0]).toMatchObject({ key: 'k1', payload: 'hello' });
    expect(batch.records[2]).toMatchObject({ key: 'tombstone', payload: null });
  });
});

describe('dump-log on corrupted copies', () => {
  function corruptCopy(name: string, change: (b: Buffer) => Buffer): string {
    const src = segmentFiles(sharedPartitionDir(topic('kl-none'))).find((f) => f.endsWith('.log'))!;
    const dir = join(tmp, name);
    mkdirSync(dir, { recursive: true });
    const dest = join(dir, '00000000000000000000.log');
    copyFileSync(src, dest);
    writeFileSync(dest, change(readFileSync(dest)));
    return dest;
  }

  it('reports a flipped byte as a CRC mismatch at its batch position, after printing what Kafka prints', async () => {
    const f = corruptCopy('flipped', (b) => {
      b[70] ^= 0xff;
      return b;
    });
    const [ours, theirs] = await Promise.all([runCli(['dump-log', '--files', f]), runKafkaTool('kafka.tools.DumpLogSegments', ['--files', f])]);
    expect(ours.stdout).toBe(theirs.stdout);
    expect(ours.stdout).toContain('isvalid: false');
    expect(ours.exitCode).toBe(1);
    expect(ours.stderr).toMatch(/error: .*CRC mismatch in the batch at position 0 .*stored crc \d+, computed \d+/);
    expect(ours.stderr).not.toMatch(/\n\s+at /);
  });

  it('reports a truncated file as a truncated batch with the position and sizes', async () => {
    const f = corruptCopy('truncated', (b) => b.subarray(0, b.length - 7));
    const [ours, theirs] = await Promise.all([
      runCli(['dump-log', '--files', f, '--deep-iteration']),
      runKafkaTool('kafka.tools.DumpLogSegments', ['--files', f, '--deep-iteration']),
    ]);
    expect(ours.stdout).toBe(theirs.stdout);
    expect(ours.stdout).toMatch(/Found \d+ invalid bytes at the end of 00000000000000000000.log/);
    expect(ours.exitCode).toBe(1);
    expect(ours.stderr).toMatch(/truncated batch: its header declares \d+ bytes but only \d+ remain in the file \(byte position \d+\)/);
  });

  it('reports a corrupt compressed batch instead of crashing (Kafka throws a stack trace there)', async () => {
    const src = segmentFiles(sharedPartitionDir(topic('kl-gzip'))).find((f) => f.endsWith('.log'))!;
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
