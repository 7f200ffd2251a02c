/** log-dirs on the shared real broker's log dir, with topic overrides read from its ZooKeeper. */
import { sharedPartitionDir } from '../../helpers/kafka.js';
import { rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createTopic, produce } from '../../helpers/client.js';
import { runCli } from '../../helpers/cli.js';

const bootstrap = inject('bootstrap');
const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const timed = `logdirs-timed-${run}`;
const sized = `logdirs-sized-${run}`;

interface JsonView {
  partitions: {
    topic: string;
    partition: number;
    size: number;
    oldestRecordTimestamp: number;
    segments: { baseOffset: number; size: number; nextOffset: number }[];
    oldestSegmentDeletion: { kind: string; atMs?: number };
    retention: { retentionMs: number; source: Record<string, string> };
  }[];
}

let producedAt = 0;
let logDir = '';
let config = '';

beforeAll(async () => {
  await Promise.all([
    createTopic(bootstrap, timed, { partitions: 2, configs: { 'retention.ms': '3600000' } }),
    createTopic(bootstrap, sized, { configs: { 'segment.bytes': '1000', 'retention.bytes': '1500' } }),
  ]);
  producedAt = Date.now();
  await produce(bootstrap, timed, [
    { partition: 0, value: 'a' },
    { partition: 0, value: 'b' },
    { partition: 1, value: 'c' },
  ]);
  // one batch per record, so the 1000-byte segments roll
  await produce(
    bootstrap,
    sized,
    Array.from({ length: 12 }, () => ({ value: 'x'.repeat(300) })),
    { batching: 'each' },
  );
  logDir = dirname(sharedPartitionDir(timed));
  config = join(dirname(logDir), 'server.properties');
});

describe('log-dirs', () => {
  it('shows partition folders with segment counts, sizes, offsets and the time-retention deadline from the topic override', async () => {
    const r = await runCli(['log-dirs', '--log-dir', logDir, '--config', config, '--topic', timed, '--output', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const [view] = JSON.parse(r.stdout) as JsonView[];
    expect(view!.partitions.map((p) => p.partition)).toEqual([0, 1]);
    const p0 = view!.partitions[0]!;
    expect(p0.size).toBe(statSync(join(sharedPartitionDir(timed), '00000000000000000000.log')).size);
    expect(p0.segments).toHaveLength(1);
    expect(p0.segments[0]!.nextOffset).toBe(2);
    expect(p0.retention.retentionMs).toBe(3600000);
    expect(p0.retention.source.retentionMs).toContain('(topic)');
    expect(Math.abs(p0.oldestRecordTimestamp - producedAt)).toBeLessThan(30_000);
    expect(p0.oldestSegmentDeletion.kind).toBe('at');
    expect(Math.abs(p0.oldestSegmentDeletion.atMs! - (producedAt + 3600000))).toBeLessThan(30_000);
  });

  it('says size retention is due when the partition is a whole oldest segment over retention.bytes', async () => {
    const r = await runCli(['log-dirs', '--log-dir', logDir, '--config', config, '--topic', sized, '--output', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const p = (JSON.parse(r.stdout) as JsonView[])[0]!.partitions[0]!;
    expect(p.segments.length).toBeGreaterThan(2);
    expect(p.segments.map((s) => s.baseOffset)).toEqual([...p.segments.map((s) => s.baseOffset)].sort((a, b) => a - b));
    // the broker checks every 5 minutes, so the segments are still there and due
    expect(p.oldestSegmentDeletion.kind).toBe('now');
    const text = await runCli(['log-dirs', '--log-dir', logDir, '--config', config, '--topic', sized]);
    expect(text.stdout).toMatch(new RegExp(`${sized}-0\\s+${p.segments.length}\\s+`));
    expect(text.stdout).toContain('due now');
    expect(text.stdout).toContain('retention.bytes=1500');
  });

  it('reads a lab folder and explains a missing one', async () => {
    const lab = join(tmpdir(), `kafka-lab-logdirs-lab-${run}`);
    const s = await runCli(['cluster-scaffold', '--brokers', '2', '--dir', lab]);
    expect(s.exitCode, s.stderr).toBe(0);
    const r = await runCli(['log-dirs', '--dir', lab]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/broker 1: .*broker-1/);
    expect(r.stdout).toContain('(no topic-partition folders yet)');
    const missing = await runCli(['log-dirs', '--dir', join(lab, 'nope')]);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain('cluster.json');
    rmSync(lab, { recursive: true, force: true });
  });
});
