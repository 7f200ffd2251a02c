/** producer-perf-test and consumer-perf-test against the shared real broker (small runs). */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { createTopic, kafkaTool } from '../../helpers/client.js';
import { parseSummaryLine } from '../../../src/perf/stats.js';

const bootstrap = inject('bootstrap');
const topic = `perf-${process.pid}-${Date.now()}`;
/** Records in the topic, by Kafka's GetOffsetShell (end minus start offsets): independent of kafka-lab's client. */
async function total(t: string): Promise<number> {
  const sum = async (time: string) => {
    const r = await kafkaTool('org.apache.kafka.tools.GetOffsetShell', ['--bootstrap-server', bootstrap, '--topic', t, '--time', time]);
    expect(r.exitCode, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    return lines.reduce((n, l) => n + Number(l.split(':')[2]), 0);
  };
  const [end, start] = await Promise.all([sum('-1'), sum('-2')]);
  return end - start;
}

beforeAll(async () => {
  await createTopic(bootstrap, topic, { partitions: 3 });
});

describe('producer-perf-test', () => {
  it("sends 20,000 records and prints Kafka's summary line (Kafka's option spelling)", async () => {
    const r = await runCli([
      'producer-perf-test',
      '--topic',
      topic,
      '--num-records',
      '20000',
      '--record-size',
      '100',
      '--throughput',
      '-1',
      '--producer-props',
      `bootstrap.servers=${bootstrap}`,
      'acks=1',
    ]);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.trim().split('\n');
    const s = parseSummaryLine(lines[lines.length - 1]!);
    expect(s, r.stdout).toBeDefined();
    expect(s!.records).toBe(20_000);
    expect(s!.p50).toBeLessThanOrEqual(s!.p99);
    expect(s!.maxLatency).toBeGreaterThanOrEqual(s!.p999);
    expect(await total(topic)).toBe(20_000);
  });

  it('throttles with --throughput and reads --payload-file, with --print-metrics', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perf-'));
    const file = join(dir, 'payloads.txt');
    writeFileSync(file, 'alpha\nbeta\ngamma\n');
    const started = Date.now();
    const r = await runCli([
      'producer-perf-test',
      '--bootstrap-server',
      bootstrap,
      '--topic',
      topic,
      '--num-records',
      '1000',
      '--payload-file',
      file,
      '--throughput',
      '1000',
      '--print-metrics',
      '--producer-props',
      'acks=all',
      'compression.type=gzip',
    ]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(Date.now() - started).toBeGreaterThan(900);
    expect(r.stdout).toContain(`Reading payloads from: ${file}\nNumber of messages read: 3\n`);
    expect(r.stdout).toMatch(/^1000 records sent, [\d.]+ records\/sec/m);
    expect(r.stdout).toContain('Metric Name');
    expect(await total(topic)).toBe(21_000);
  });

  it('errors: missing topic, bad property, both payload options', async () => {
    const missing = await runCli([
      'producer-perf-test',
      '--bootstrap-server',
      bootstrap,
      '--topic',
      `nope-${topic}`,
      '--num-records',
      '10',
      '--record-size',
      '10',
      '--throughput',
      '-1',
    ]);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain(`topic 'nope-${topic}' does not exist`);
    const bad = await runCli([
      'producer-perf-test',
      '--bootstrap-server',
      bootstrap,
      '--topic',
      topic,
      '--num-records',
      '10',
      '--record-size',
      '10',
      '--throughput',
      '-1',
      '--producer-props',
      'acks',
    ]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('Invalid property: acks');
    const both = await runCli([
      'producer-perf-test',
      '--topic',
      topic,
      '--num-records',
      '10',
      '--record-size',
      '10',
      '--payload-file',
      'x',
      '--throughput',
      '-1',
    ]);
    expect(both.exitCode).toBe(2);
    expect(both.stderr).toContain('exactly one of --record-size and --payload-file');
  });
});

describe('consumer-perf-test', () => {
  it("consumes the records and prints Kafka's CSV header and row", async () => {
    const r = await runCli(['consumer-perf-test', '--bootstrap-server', bootstrap, '--topic', topic, '--messages', '20000']);
    expect(r.exitCode, r.stderr).toBe(0);
    const [header, row] = r.stdout.trim().split('\n');
    expect(header).toBe(
      'start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec',
    );
    const cols = row!.split(', ');
    expect(cols).toHaveLength(10);
    expect(cols[0]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}:\d{3}$/);
    expect(Number(cols[4])).toBe(20_000);
    expect(Number(cols[2])).toBeGreaterThan(1.5);
  });

  it('warns and exits 1 when fewer records arrive before the timeout', async () => {
    const r = await runCli([
      'consumer-perf-test',
      '--bootstrap-server',
      bootstrap,
      '--topic',
      topic,
      '--messages',
      '999999',
      '--timeout-ms',
      '2000',
      '--hide-header',
    ]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('WARNING: Exiting before consuming the expected number of messages: timeout (2000 ms) exceeded.');
    expect(Number(r.stdout.trim().split(', ')[4])).toBe(21_000);
  });
});
