/**
 * `kafka-lab demo --pipelines` end to end, as CI runs it: a PostgreSQL + HDFS lab where
 * Debezium brings the seed rows and new inserts into a topic once each, the Iceberg sink
 * writes them as Parquet into HDFS (counted from the table's metadata), device readings flow
 * the same way, HDFS is stopped (the sink tasks go FAILED while the sources keep producing),
 * HDFS returns and a restart of the failed tasks lets the lake catch up exactly, and
 * `cluster down` leaves no process. The demo checks each of these itself against the topics,
 * the REST API and the tables; this test requires every check to hold, the run to be bounded,
 * and verifies by pid, independently, that nothing is left running.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { pidAlive, processesMentioning } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'kafka-lab-demo-pipelines-'));
chmodSync(tmp, 0o755);
const dir = join(tmp, 'lab');
const env = { KAFKA_LAB_RUN_DIR: join(tmp, 'run') };

afterAll(async () => {
  // only if the demo itself failed to tear down
  await runCli(['cluster', 'down', '--dir', dir, '--purge', '--yes'], { env, timeoutMs: 120_000 }).catch(() => undefined);
  rmSync(tmp, { recursive: true, force: true });
});

describe('kafka-lab demo --pipelines', () => {
  it('holds every check, within its time bound, and leaves nothing running', async () => {
    const r = await runCli(['demo', '--pipelines', '--dir', dir], { env, timeoutMs: 900_000 });
    const out = `${r.stdout}\n${r.stderr}`;
    expect(r.exitCode, out).toBe(0);
    expect(out).not.toContain('✘');
    for (const claim of [
      'the snapshot: 3 rows, one message each, op "r"',
      'the 2 inserts arrive once each, op "c"',
      'table lake.orders holds the 5 rows',
      'table lake.readings holds the 60 readings',
      'records keep arriving in the topics with HDFS down',
      'the lake worker reports its sink tasks FAILED',
      'the ingest worker runs on: its connectors and tasks are RUNNING',
      'the sink tasks are RUNNING again',
      'lake.orders caught up: 7 rows, none twice',
      'lake.readings caught up: 90 readings, none twice',
      'every process of the lab stopped',
    ])
      expect(out).toContain(`✔ check: ${claim}`);
    const passed = /demo passed: all (\d+) checks held, in (\d+) s\./.exec(r.stdout);
    expect(passed, r.stdout.slice(-500)).not.toBeNull();
    console.log(`demo --pipelines: ${passed![1]} checks in ${passed![2]} s`);
    // independent of the demo's own check: the pids its cluster down stopped are gone
    const table = r.stdout.slice(r.stdout.lastIndexOf('$ kafka-lab cluster down'));
    const pids = [
      ...table.matchAll(/│ (?:connect-ingest|connect-lake|mosquitto|datanode|namenode|postgres|broker-1|zookeeper)\s+│ [\d.:]+\s+│ (\d+)\s+│/g),
    ].map((m) => Number(m[1]));
    expect(pids).toHaveLength(8);
    expect(pids.filter(pidAlive)).toEqual([]);
    expect(processesMentioning(dir)).toEqual([]);
  }, 900_000);
});
