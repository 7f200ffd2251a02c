/**
 * Multi-broker labs end to end: real ZooKeeper/Kafka JVMs from the installed engine, driven
 * through the built CLI. Tests run one after another (each cluster is 3-4 JVMs). What starts
 * no JVM (clash refusals, scaffold, usage, a stopped lab) is in test/unit/commands/.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../helpers/cli.js';
import { createTopic, kafkaTool, produce, withClient } from '../../helpers/client.js';
import { freePortBlock, run } from '../../helpers/ports.js';

const runDir = mkdtempSync(join(tmpdir(), 'kafka-lab-cluster-run-'));
const env = { KAFKA_LAB_RUN_DIR: runDir };
const roots: string[] = [];

function newRoot(): string {
  const d = mkdtempSync(join(tmpdir(), 'kafka-lab-cluster-'));
  roots.push(d);
  return d;
}

function pidsOf(dir: string): number[] {
  return readdirSync(runDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(runDir, f), 'utf8')) as { pid: number; configFile: string })
    .filter((r) => r.configFile.startsWith(dir))
    .map((r) => r.pid);
}

/** A live process (a zombie left for a non-reaping init does not count). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

const startedPids = new Set<number>();

afterAll(async () => {
  // whatever a failed test left behind: stop it through the CLI, then make sure
  for (const root of roots) {
    if (existsSync(join(root, 'lab', 'cluster.json'))) await runCli(['cluster', 'down', '--dir', join(root, 'lab')], { env, timeoutMs: 120_000 });
  }
  for (const pid of startedPids) if (alive(pid)) process.kill(pid, 'SIGKILL');
  for (const root of roots) rmSync(root, { recursive: true, force: true });
  rmSync(runDir, { recursive: true, force: true });
});

async function failoverScenario(mode: 'zookeeper' | 'kraft'): Promise<void> {
  const root = newRoot();
  const lab = join(root, 'lab');
  const base = await freePortBlock((b) => [...run(b, 3), ...(mode === 'kraft' ? run(b, 3, 100) : [])]);
  const scaffold = ['cluster-scaffold', '--brokers', '3', '--dir', lab, '--mode', mode, '--base-port', String(base), '--heap', '320m'];
  if (mode === 'zookeeper') scaffold.push('--zookeeper-port', String(base + 50));
  expect((await runCli(scaffold, { env })).exitCode).toBe(0);

  const up = await runCli(['cluster', 'up', '--dir', lab], { env, timeoutMs: 180_000 });
  for (const pid of pidsOf(lab)) startedPids.add(pid);
  expect(up.exitCode, up.stderr).toBe(0);
  expect(up.stdout).toMatch(/started/);
  expect(pidsOf(lab)).toHaveLength(mode === 'zookeeper' ? 4 : 3);

  const bootstrap = [0, 1, 2].map((i) => `127.0.0.1:${base + i}`).join(',');
  const topic = `failover-${mode}-${Date.now()}`;
  const meta = async () => (await withClient(bootstrap, (c) => c.metadata([topic]))).topics[0]!;

  await createTopic(bootstrap, topic, { partitions: 3, replicationFactor: 3 });
  const acknowledged: string[] = [];
  for (let batch = 0; batch < 10; batch++) {
    const records = Array.from({ length: 30 }, (_, i) => ({ key: `k${i % 5}`, value: `${mode}-${batch}-${i}` }));
    await produce(bootstrap, topic, records, { acks: -1 });
    acknowledged.push(...records.map((r) => r.value));
  }

  /** Kafka's own console consumer in a fresh group: every value it reads (the independent reader). */
  const readWithGroup = async (group: string): Promise<string[]> => {
    const r = await kafkaTool(
      'org.apache.kafka.tools.consumer.ConsoleConsumer',
      [
        '--bootstrap-server',
        bootstrap,
        '--topic',
        topic,
        '--group',
        group,
        '--from-beginning',
        '--max-messages',
        String(acknowledged.length),
        '--timeout-ms',
        '60000',
      ],
      { timeoutMs: 90_000 },
    );
    expect(r.exitCode, r.stderr).toBe(0);
    return r.stdout.split('\n').filter(Boolean);
  };
  const missing = (read: string[]) => acknowledged.filter((v) => !read.includes(v));
  // a group before the failover: __consumer_offsets is created while all three brokers run
  const first = await readWithGroup(`before-${mode}-${Date.now()}`);
  expect(first).toHaveLength(acknowledged.length);
  expect(missing(first)).toEqual([]);

  const victim = (await meta()).partitions.find((p) => p.partition === 0)!.leader;
  const stop = await runCli(['cluster', 'stop-broker', String(victim), '--dir', lab], { env, timeoutMs: 120_000 });
  expect(stop.exitCode, stop.stderr).toBe(0);

  // leaders move off the stopped broker, the ISR shrinks to two
  let parts = (await meta()).partitions;
  for (let i = 0; i < 60 && !parts.every((p) => p.leader !== victim && p.leader >= 0 && !p.isr.includes(victim)); i++) {
    await new Promise((r) => setTimeout(r, 500));
    parts = (await meta()).partitions;
  }
  expect(parts.every((p) => p.leader !== victim && p.leader >= 0)).toBe(true);
  expect(parts.every((p) => p.isr.length === 2 && !p.isr.includes(victim))).toBe(true);

  const status = await runCli(['cluster', 'status', '--dir', lab, '--output', 'json'], { env, timeoutMs: 60_000 });
  expect(status.exitCode, status.stderr).toBe(0);
  const st = JSON.parse(status.stdout);
  expect(st.processes.find((p: { nodeId?: number }) => p.nodeId === victim).state).toBe('stopped');
  expect(st.cluster.reachable).toBe(true);
  expect(st.cluster.registered).not.toContain(victim);
  expect(st.cluster.underReplicatedPartitions).toBeGreaterThanOrEqual(3);

  // no acknowledged record lost: read everything with one broker down, in a new group (its
  // coordinator works with a broker stopped) and with kafka-lab's consumer by assignment
  const seen = await readWithGroup(`verify-${mode}-${Date.now()}`);
  expect(seen).toHaveLength(acknowledged.length);
  expect(missing(seen)).toEqual([]);
  const ours = await runCli(['console-consumer', '--bootstrap-server', bootstrap, '--topic', topic, '--from-beginning', '-e'], { env, timeoutMs: 60_000 });
  expect(ours.exitCode, ours.stderr).toBe(0);
  expect(ours.stdout.split('\n').filter(Boolean).sort()).toEqual([...acknowledged].sort());

  const start = await runCli(['cluster', 'start-broker', String(victim), '--dir', lab], { env, timeoutMs: 180_000 });
  for (const pid of pidsOf(lab)) startedPids.add(pid);
  expect(start.exitCode, start.stderr).toBe(0);
  parts = (await meta()).partitions;
  for (let i = 0; i < 120 && !parts.every((p) => p.isr.length === 3); i++) {
    await new Promise((r) => setTimeout(r, 500));
    parts = (await meta()).partitions;
  }
  expect(parts.every((p) => p.isr.length === 3)).toBe(true);

  const info = await runCli(['cluster', 'info', '--dir', lab, '--topic', topic, '--output', 'json'], { env, timeoutMs: 60_000 });
  expect(info.exitCode, info.stderr).toBe(0);
  const ci = JSON.parse(info.stdout);
  expect(ci.brokers.map((b: { nodeId: number }) => b.nodeId)).toEqual([1, 2, 3]);
  expect(ci.topics[0].partitions).toHaveLength(3);

  const pids = pidsOf(lab);
  const down = await runCli(['cluster', 'down', '--dir', lab, '--purge', '--yes'], { env, timeoutMs: 180_000 });
  expect(down.exitCode, down.stderr).toBe(0);
  expect(pids.filter(alive)).toEqual([]);
  expect(pidsOf(lab)).toEqual([]);
  expect(existsSync(join(lab, 'data', 'broker-1'))).toBe(false);
}

describe('a 3-broker lab survives a broker failure', () => {
  it('ZooKeeper mode: up, RF 3 topic, stop a broker, leaders move, nothing lost, restart, ISR whole, down', async () => {
    await failoverScenario('zookeeper');
  }, 300_000);

  it('KRaft mode: the same with three combined broker+controller nodes', async () => {
    await failoverScenario('kraft');
  }, 300_000);
});

describe('kafka-lab demo', () => {
  it('runs the narrated lab end to end, every check holds, and cleans up', async () => {
    const demoRunDir = mkdtempSync(join(tmpdir(), 'kafka-lab-demo-run-'));
    roots.push(demoRunDir);
    const r = await runCli(['demo', '--records', '300'], { env: { KAFKA_LAB_RUN_DIR: demoRunDir }, timeoutMs: 400_000 });
    expect(r.stdout).toMatch(/Step 1: /);
    expect(r.stdout).toMatch(/\$ kafka-lab cluster up/);
    expect(r.stdout).toMatch(/\$ kafka-lab cluster stop-broker \d/);
    expect(r.stdout).not.toMatch(/check failed/);
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/demo passed/);
    expect(readdirSync(demoRunDir).filter((f) => f.endsWith('.json'))).toEqual([]);
  }, 420_000);
});
