/**
 * A 1-node KRaft lab on Kafka 4.1 (cluster-scaffold + cluster up): kafka-metadata-quorum,
 * kafka-features (describe, a downgrade and upgrade round trip, a refused upgrade) and
 * kafka-log-dirs side by side with that release's own tools.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { engineLibs, runKafkaTool } from '../../helpers/kafka.js';
import { freePortBlock } from '../../helpers/ports.js';

const VERSION = '4.1.2';
const installed = existsSync(engineLibs(VERSION));
const root = mkdtempSync(join(tmpdir(), 'kafka-lab-kraft-ops-'));
const env = { KAFKA_LAB_RUN_DIR: join(root, 'run') };
const dir = join(root, 'lab');
let B = '';

const cli = (...a: string[]) => runCli([...a, '--bootstrap-server', B], { env, timeoutMs: 90_000 });
// 4.x tools use log4j2 and print one status line about the log4j 1 config runKafkaTool passes
const tool = async (cls: string, args: string[]) => {
  const r = await runKafkaTool(cls, ['--bootstrap-server', B, ...args], { version: VERSION, timeoutMs: 90_000 });
  return { ...r, stdout: r.stdout.replace(/^\S+ main ERROR Reconfiguration failed: .*\n/m, '') };
};
/** lag, offsets, timestamps and epochs move between two runs: compare everything else */
const steady = (text: string) =>
  text
    .replace(/^(HighWatermark|MaxFollowerLag|MaxFollowerLagTimeMs):( +)-?\d+$/gm, '$1:$2N')
    .replace(/Epoch: \d+/g, 'Epoch: N')
    // replication rows: LogEndOffset, Lag and both timestamps (their widths move with them)
    .replace(/^(\d+ *\t\S+ *\t)\d+ *\t\d+ *\t-?\d+ *\t-?\d+ *\t/gm, '$1N\tN\tN\tN\t')
    .replace(/^(NodeId\tDirectoryId *\t)LogEndOffset *\tLag *\tLastFetchTimestamp *\tLastCaughtUpTimestamp *\t/m, '$1N\tN\tN\tN\t');

describe.skipIf(!installed)('KRaft 4.1 lab: metadata-quorum, features, log-dirs', () => {
  beforeAll(async () => {
    const base = await freePortBlock((b) => [b, b + 100]);
    const made = await runCli(
      ['cluster-scaffold', '--mode', 'kraft', '--kafka-version', VERSION, '--brokers', '1', '--dir', dir, '--base-port', String(base), '--heap', '384m'],
      {
        env,
      },
    );
    expect(made.exitCode, made.stderr).toBe(0);
    const up = await runCli(['cluster', 'up', '--dir', dir], { env, timeoutMs: 180_000 });
    expect(up.exitCode, up.stderr + up.stdout).toBe(0);
    B = `127.0.0.1:${base}`;
  }, 240_000);

  afterAll(async () => {
    await runCli(['cluster', 'down', '--dir', dir], { env, timeoutMs: 120_000 });
    rmSync(root, { recursive: true, force: true });
  }, 180_000);

  it("metadata-quorum describe --status and --replication print Kafka 4.1's text", async () => {
    const [status, theirStatus, repl, theirRepl] = await Promise.all([
      cli('metadata-quorum', 'describe', '--status'),
      tool('org.apache.kafka.tools.MetadataQuorumCommand', ['describe', '--status']),
      cli('metadata-quorum', 'describe', '--replication'),
      tool('org.apache.kafka.tools.MetadataQuorumCommand', ['describe', '--replication']),
    ]);
    expect(status.exitCode, status.stderr).toBe(0);
    expect(steady(status.stdout)).toBe(steady(theirStatus.stdout));
    expect(status.stdout).toMatch(/^CurrentVoters: {10}\[\{"id": 1, "endpoints": \["CONTROLLER:\/\/127\.0\.0\.1:\d+"\]\}\]$/m);
    expect(steady(repl.stdout)).toBe(steady(theirRepl.stdout));
    expect(repl.stdout).toMatch(
      /^NodeId\tDirectoryId +\tLogEndOffset\tLag\tLastFetchTimestamp\tLastCaughtUpTimestamp\tStatus\t\n1 +\t\S{22}\t\d+ *\t0 *\t\d+ *\t\d+ *\tLeader\t\n$/,
    );
    const json = JSON.parse((await cli('metadata-quorum', 'describe', '--status', '-o', 'json')).stdout);
    expect(json).toMatchObject({ leaderId: 1, voters: [{ id: 1 }], observers: [] });
  });

  it('features describe matches; a downgrade and the upgrade back show up in describe', async () => {
    const [ours, theirs] = await Promise.all([cli('features', 'describe'), tool('org.apache.kafka.tools.FeatureCommand', ['describe'])]);
    expect(ours.exitCode, ours.stderr).toBe(0);
    expect(steady(ours.stdout)).toBe(steady(theirs.stdout));
    expect(ours.stdout).toMatch(
      /^Feature: metadata\.version\tSupportedMinVersion: 3\.3-IV3\tSupportedMaxVersion: 4\.1-IV1\tFinalizedVersionLevel: 4\.1-IV1\tEpoch: \d+$/m,
    );
    const level = () => Number(/^Feature: transaction\.version\t.*FinalizedVersionLevel: (\d+)/m.exec(ours.stdout)?.[1]);
    expect(level()).toBe(2);

    const dry = await cli('features', 'downgrade', '--feature', 'transaction.version=1', '--dry-run');
    expect(dry).toMatchObject({ exitCode: 0, stdout: 'transaction.version can be downgraded to 1.\n' });
    const down = await cli('features', 'downgrade', '--feature', 'transaction.version=1');
    expect(down).toMatchObject({ exitCode: 0, stdout: 'transaction.version was downgraded to 1.\n' });
    expect((await cli('features', 'describe', '-o', 'json')).stdout).toMatch(/"feature": "transaction\.version",[^}]*"finalizedVersionLevel": 1/);
    const up = await cli('features', 'upgrade', '--feature', 'transaction.version=2');
    expect(up).toMatchObject({ exitCode: 0, stdout: 'transaction.version was upgraded to 2.\n' });
    expect((await cli('features', 'describe', '-o', 'json')).stdout).toMatch(/"feature": "transaction\.version",[^}]*"finalizedVersionLevel": 2/);
  });

  it('S28 a feature level the controllers do not support', async () => {
    const r = await cli('features', 'upgrade', '--feature', 'kraft.version=5');
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/^Could not upgrade kraft\.version to 5\. .*only supports versions 0-1\n$/);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('error: '))).toEqual(['error: 1 out of 1 operation(s) failed.']);
    expect(r.stderr).toContain('hint: kafka-lab features describe shows the levels each feature supports and where it stands.');
  });

  it("log-dirs --describe prints Kafka 4.1's JSON, byte for byte", async () => {
    expect((await cli('topics', '--create', '--topic', 'ops-dirs', '--partitions', '5')).exitCode).toBe(0);
    const [ours, theirs] = await Promise.all([
      cli('log-dirs', '--describe', '--topic-list', 'ops-dirs'),
      tool('org.apache.kafka.tools.LogDirsCommand', ['--describe', '--topic-list', 'ops-dirs']),
    ]);
    expect(ours.exitCode, ours.stderr).toBe(0);
    expect(ours.stdout).toBe(theirs.stdout);
    expect(ours.stdout).toContain('"partition":"ops-dirs-4"');
  });
});
