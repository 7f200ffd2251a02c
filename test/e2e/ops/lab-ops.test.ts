/**
 * Operating a multi-broker lab, end to end on a real 3-node KRaft lab (Kafka 4.1.2, started with
 * cluster-scaffold + cluster up), side by side with Kafka's own tools from the engine jars:
 * kafka-reassign-partitions (--generate, --execute with a throttle, --list, --verify, --cancel)
 * and kafka-leader-election give the same text byte for byte; a preferred election puts the
 * leaders back after a failover; a 4th broker joins and partitions move onto it with every
 * record still there. Tests run in order on the one lab; afterAll stops every JVM by pid.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stripedPlacement } from '../../../src/reassign/striped.js';
import { runCli } from '../../helpers/cli.js';
import { createTopic, produce, readAll, withClient } from '../../helpers/client.js';
import { expectError, processAlive } from '../../helpers/expect-error.js';
import { runMain } from '../../helpers/io.js';
import { runKafkaTool } from '../../helpers/kafka.js';
import { freePortBlock, run } from '../../helpers/ports.js';

const VERSION = '4.1.2';
const root = mkdtempSync(join(tmpdir(), 'kafka-lab-ops-'));
const lab = join(root, 'lab');
const env = { KAFKA_LAB_RUN_DIR: join(root, 'run') };
let B = '';
let base = 0;

const ours = (args: string[]) => runMain([...args, '--bootstrap-server', B], { env });
const kafka = (mainClass: string, args: string[]) => runKafkaTool(mainClass, ['--bootstrap-server', B, ...args], { version: VERSION });
const REASSIGN = 'org.apache.kafka.tools.reassign.ReassignPartitionsCommand';
const ELECTION = 'org.apache.kafka.tools.LeaderElectionCommand';

function labPids(): number[] {
  const dir = env.KAFKA_LAB_RUN_DIR;
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as { pid: number; configFile: string })
    .filter((r) => r.configFile.startsWith(lab))
    .map((r) => r.pid);
}

interface Part {
  partition: number;
  leader: number;
  replicas: number[];
  isr: number[];
}

async function partitions(topic: string): Promise<Part[]> {
  return withClient(B, async (c) => {
    const m = await c.metadata([topic]);
    return (m.topics[0]?.partitions ?? [])
      .map((p) => ({ partition: p.partition, leader: p.leader, replicas: p.replicas, isr: p.isr }))
      .sort((a, b) => a.partition - b.partition);
  });
}

async function until<T>(what: string, fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    try {
      last = await fn();
      if (ok(last)) return last;
    } catch {
      /* a broker is moving: ask again */
    }
    if (Date.now() > end) throw new Error(`${what}: not reached within ${timeoutMs} ms (last: ${JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

const file = (name: string, doc: unknown) => {
  const p = join(root, name);
  writeFileSync(p, typeof doc === 'string' ? doc : JSON.stringify(doc));
  return p;
};

/** Every result `fn` can give over all draws of its random source (Kafka's tool draws from an unseeded java.util.Random). */
function everyOutcome(fn: (random: (bound: number) => number) => string, limit = 50_000): Set<string> {
  const outcomes = new Set<string>();
  const scripts: number[][] = [[]];
  for (let runs = 0; scripts.length > 0 && runs < limit; runs++) {
    const script = scripts.pop()!;
    const bounds: number[] = [];
    let i = 0;
    outcomes.add(
      fn((bound) => {
        bounds.push(bound);
        const v = i < script.length ? script[i]! : 0;
        i++;
        return v;
      }),
    );
    // a draw past the script took 0: try its other values too
    if (bounds.length > script.length) for (let v = 0; v < bounds[script.length]!; v++) scripts.push([...script, v]);
  }
  return outcomes;
}

beforeAll(async () => {
  // 4 client ports (the 4th broker's too) and 3 controller ports
  base = await freePortBlock((b) => [...run(b, 4), ...run(b, 3, 100)]);
  const sc = await runCli(
    ['cluster-scaffold', '--brokers', '3', '--mode', 'kraft', '--dir', lab, '--base-port', String(base), '--heap', '320m', '--kafka-version', VERSION],
    { env },
  );
  expect(sc.exitCode, sc.stderr).toBe(0);
  const up = await runCli(['cluster', 'up', '--dir', lab], { env, timeoutMs: 240_000 });
  expect(up.exitCode, up.stderr).toBe(0);
  B = [0, 1, 2].map((i) => `127.0.0.1:${base + i}`).join(',');
}, 300_000);

afterAll(async () => {
  const pids = labPids();
  if (existsSync(join(lab, 'cluster.json'))) await runCli(['cluster', 'down', '--dir', lab, '--purge', '--yes'], { env, timeoutMs: 180_000 });
  for (const pid of pids) if (processAlive(pid)) process.kill(pid, 'SIGKILL');
  rmSync(root, { recursive: true, force: true });
}, 240_000);

describe('kafka-reassign-partitions, side by side with Kafka 4.1', () => {
  it("--generate: the current assignment byte for byte; each proposed plan one Kafka's placement can draw", async () => {
    await createTopic(B, 'gen-a', { partitions: 5, replicationFactor: 2 });
    await createTopic(B, 'gen-b', { partitions: 4, replicationFactor: 3 });
    const topics = file('topics.json', { topics: [{ topic: 'gen-a' }, { topic: 'gen-b' }], version: 1 });
    const args = ['--generate', '--topics-to-move-json-file', topics, '--broker-list', '1,2,3'];
    const k = await kafka(REASSIGN, args);
    const o = await ours(['reassign-partitions', ...args]);
    expect(k.exitCode, k.stdout).toBe(0);
    expect(o.exitCode, o.stderr).toBe(0);
    const [kCurrent, kProposed] = k.stdout.split('\n\n');
    const [oCurrent, oProposed] = o.stdout.split('\n\n');
    expect(oCurrent).toBe(kCurrent);
    expect(o.stdout.split('\n').map((l) => l.replace(/^\{.*/, '{}'))).toEqual(k.stdout.split('\n').map((l) => l.replace(/^\{.*/, '{}')));
    const brokers = [1, 2, 3].map((id) => ({ id }));
    for (const proposed of [kProposed!, oProposed!]) {
      const plan = JSON.parse(proposed.split('\n')[1]!) as { partitions: { topic: string; partition: number; replicas: number[] }[] };
      for (const [topic, rf] of [
        ['gen-a', 2],
        ['gen-b', 3],
      ] as const) {
        const got = plan.partitions
          .filter((p) => p.topic === topic)
          .map((p) => p.replicas.join(','))
          .join(' ');
        const possible = everyOutcome((random) => [...stripedPlacement(brokers, topic === 'gen-a' ? 5 : 4, rf, random)].map(([, r]) => r.join(',')).join(' '));
        expect(possible.has(got), `${topic}: ${got} is not a plan Kafka 4's placement draws`).toBe(true);
      }
    }
    // with --seed the plan is the same every time
    const seeded = await ours(['reassign-partitions', ...args, '--seed', '7']);
    expect((await ours(['reassign-partitions', ...args, '--seed', '7'])).stdout).toBe(seeded.stdout);
  });

  it('--execute with a throttle, --list, --verify and --cancel: the same lines and throttle configs; R21 a reassignment already running', async () => {
    await createTopic(B, 'moving', { partitions: 2, replicationFactor: 2 });
    const before = await partitions('moving');
    // more than a replica fetch brings before the throttle applies (1 MB), so the move stays under way
    const data = Array.from({ length: 12_000 }, (_, i) => ({ value: `${i}:${'x'.repeat(1000)}`, partition: i % 2 }));
    await produce(B, 'moving', data);
    // each partition moves to the broker it is not on, and drops its leader
    const target = before.map((p) => ({
      topic: 'moving',
      partition: p.partition,
      replicas: [[1, 2, 3].find((b) => !p.replicas.includes(b))!, p.replicas[1]!],
    }));
    const plan = file('moving.json', { version: 1, partitions: target });
    const restore = file('moving-restore.json', {
      version: 1,
      partitions: before.map((p) => ({ topic: 'moving', partition: p.partition, replicas: p.replicas })),
    });
    const describeThrottles = async () =>
      [
        (await ours(['configs', '--describe', '--entity-type', 'topics', '--entity-name', 'moving'])).stdout,
        ...(await Promise.all(
          [1, 2, 3].map(async (b) => (await ours(['configs', '--describe', '--entity-type', 'brokers', '--entity-name', String(b)])).stdout),
        )),
      ].join('');
    const session = async (run: (args: string[]) => Promise<{ stdout: string; stderr: string; exitCode: number }>) => {
      const r: Record<string, string> = {};
      r.execute = (await run(['--execute', '--reassignment-json-file', plan, '--throttle', '10000'])).stdout;
      r.list = (await run(['--list'])).stdout;
      r.throttles = await describeThrottles();
      const again = await run(['--execute', '--reassignment-json-file', plan]);
      r.verify = (await run(['--verify', '--reassignment-json-file', plan])).stdout;
      r.cancel = (await run(['--cancel', '--reassignment-json-file', plan])).stdout;
      r.listAfter = (await run(['--list'])).stdout;
      r.verifyAfter = (await run(['--verify', '--reassignment-json-file', plan])).stdout;
      r.throttlesAfter = await describeThrottles();
      // back where it started, for the other tool
      await run(['--execute', '--reassignment-json-file', restore]);
      await until(
        'the restore',
        () => run(['--verify', '--reassignment-json-file', restore]),
        (v) => !v.stdout.includes('in progress'),
        90_000,
      );
      return { r, again };
    };
    const k = await session((a) => kafka(REASSIGN, a));
    const o = await session((a) => ours(['reassign-partitions', ...a]));
    expect(k.r.execute).toContain('The inter-broker throttle limit was set to 10000 B/s');
    expect(k.r.verify).toContain('is still in progress.');
    expect(k.r.throttles).toContain('leader.replication.throttled.replicas=');
    expect(k.r.throttlesAfter).not.toContain('throttled');
    for (const key of Object.keys(k.r)) expect(o.r[key], key).toBe(k.r[key]);
    expect(k.again.stdout).toContain('Cannot execute because there is an existing partition assignment.');
    expectError(
      { ...o.again, ms: 0 },
      1,
      'Cannot execute because there is an existing partition assignment.  Use --additional to override this and create a new partition assignment in addition to the existing one. The --additional flag can also be used to change the throttle by resubmitting the current reassignment.',
      'kafka-lab reassign-partitions --list shows it; wait for it (--verify), cancel it (--cancel), or add --additional.',
    );
    await ours(['topics', '--delete', '--topic', 'moving']);
  }, 300_000);

  it('R20 a broker id that does not exist; R24 a partition that does not exist', async () => {
    const unknownBroker = file('unknown-broker.json', { version: 1, partitions: [{ topic: 'gen-a', partition: 0, replicas: [1, 7] }] });
    expectError(
      { ...(await ours(['reassign-partitions', '--execute', '--reassignment-json-file', unknownBroker])), ms: 0 },
      1,
      'Unknown broker id 7',
      'The live brokers are 1, 2, 3 (kafka-lab cluster status); a stopped broker cannot take replicas.',
    );
    const unknownPartition = file('unknown-partition.json', { version: 1, partitions: [{ topic: 'gen-a', partition: 9, replicas: [1, 2] }] });
    expectError(
      { ...(await ours(['reassign-partitions', '--execute', '--reassignment-json-file', unknownPartition])), ms: 0 },
      1,
      'Unable to find partition: gen-a-9',
      'kafka-lab topics --describe --topic T shows how many partitions a topic has.',
    );
  });

  it('R22 --generate for a topic that does not exist; R23 for a broker that is not in the cluster', async () => {
    const missing = file('missing-topic.json', { topics: [{ topic: 'nosuch' }], version: 1 });
    expectError(
      { ...(await ours(['reassign-partitions', '--generate', '--topics-to-move-json-file', missing, '--broker-list', '1,2'])), ms: 0 },
      1,
      'Topic nosuch not found.',
      'kafka-lab topics --list shows the topics.',
    );
    const topics = file('gen-a.json', { topics: [{ topic: 'gen-a' }], version: 1 });
    expectError(
      { ...(await ours(['reassign-partitions', '--generate', '--topics-to-move-json-file', topics, '--broker-list', '1,2,9'])), ms: 0 },
      1,
      'Unknown broker id 9',
      'The live brokers are 1, 2, 3 (kafka-lab cluster status); a stopped broker cannot take replicas.',
    );
  });
});

describe('kafka-leader-election', () => {
  /** Makes preferred leaders differ from the leaders without moving data: the replicas of some partitions rotated. */
  async function skew(topic: string, which: number[]): Promise<void> {
    const ps = await partitions(topic);
    const plan = file(`skew-${topic}.json`, {
      version: 1,
      partitions: ps
        .filter((p) => which.includes(p.partition))
        .map((p) => ({ topic, partition: p.partition, replicas: [...p.replicas.slice(1), p.replicas[0]] })),
    });
    expect((await ours(['reassign-partitions', '--execute', '--reassignment-json-file', plan])).exitCode).toBe(0);
    await until(
      'the rotation',
      () => ours(['reassign-partitions', '--verify', '--reassignment-json-file', plan]),
      (r) => !r.stdout.includes('in progress'),
    );
    const after = await partitions(topic);
    expect(after.filter((p) => p.leader !== p.replicas[0]).map((p) => p.partition)).toEqual(which);
  }

  it("preferred elections print Kafka's lines byte for byte (elected, already elected, failed: R25)", async () => {
    await createTopic(B, 'elect', { partitions: 8, replicationFactor: 3 });
    const skewed = [0, 2, 3, 5, 6];
    await skew('elect', skewed);
    const k = await kafka(ELECTION, ['--election-type', 'preferred', '--all-topic-partitions']);
    expect(k.exitCode, k.stderr).toBe(0);
    await skew('elect', skewed);
    const o = await ours(['leader-election', '--election-type', 'preferred', '--all-topic-partitions']);
    expect(o.exitCode, o.stderr).toBe(0);
    expect(o.stdout).toBe(k.stdout);
    expect(o.stdout).toMatch(/^Successfully completed leader election \(PREFERRED\) for partitions (elect-\d, ){4}elect-\d\n$/);
    expect((await partitions('elect')).every((p) => p.leader === p.replicas[0])).toBe(true);

    const list = file('elect.json', {
      partitions: [
        { topic: 'elect', partition: 1 },
        { topic: 'elect', partition: 4 },
        { topic: 'nosuch', partition: 0 },
      ],
    });
    const k2 = await kafka(ELECTION, ['--election-type', 'preferred', '--path-to-json-file', list]);
    const o2 = await ours(['leader-election', '--election-type', 'preferred', '--path-to-json-file', list]);
    expect(k2.exitCode).toBe(1);
    expect(o2.stdout).toBe(k2.stdout);
    expectError(
      { ...o2, ms: 0 },
      1,
      '1 replica(s) could not be elected',
      'A preferred election needs the preferred (first) replica alive and in sync (kafka-lab topics --describe shows Replicas and Isr).',
    );
  }, 180_000);

  it('after a failover, a preferred election restores the original leaders', async () => {
    await createTopic(B, 'failover', { partitions: 3, replicationFactor: 3 });
    const original = await until(
      'leaders',
      () => partitions('failover'),
      (ps) => ps.every((p) => p.leader === p.replicas[0] && p.isr.length === 3),
    );
    const victim = original[0]!.leader;
    expect((await runCli(['cluster', 'stop-broker', String(victim), '--dir', lab], { env, timeoutMs: 120_000 })).exitCode).toBe(0);
    await until(
      'the failover',
      () => partitions('failover'),
      (ps) => ps.every((p) => p.leader >= 0 && p.leader !== victim),
    );
    expect((await runCli(['cluster', 'start-broker', String(victim), '--dir', lab], { env, timeoutMs: 180_000 })).exitCode).toBe(0);
    const back = await until(
      'the ISR',
      () => partitions('failover'),
      (ps) => ps.every((p) => p.isr.length === 3),
      120_000,
    );
    expect(
      back.some((p) => p.leader !== p.replicas[0]),
      'the leaders are skewed after the restart',
    ).toBe(true);
    expect(back.every((p) => p.leader !== victim)).toBe(true);
    const o = await ours(['leader-election', '--election-type', 'preferred', '--all-topic-partitions']);
    expect(o.exitCode, o.stderr).toBe(0);
    expect(o.stdout).toContain('Successfully completed leader election (PREFERRED) for partitions');
    const restored = await until(
      'the election',
      () => partitions('failover'),
      (ps) => ps.every((p) => p.leader === p.replicas[0]),
    );
    expect(restored.map((p) => p.leader)).toEqual(original.map((p) => p.leader));
  }, 300_000);
});

describe('a 4th broker joins the lab', () => {
  it('R28 add-broker refuses a port in use, and leaves the lab as it was', async () => {
    const manifest = readFileSync(join(lab, 'cluster.json'), 'utf8');
    const blocker: Server = createServer();
    await new Promise<void>((r, reject) => blocker.once('error', reject).listen(base + 3, '127.0.0.1', () => r()));
    try {
      const r = await runCli(['cluster', 'add-broker', '--dir', lab], { env, timeoutMs: 60_000 });
      expectError(
        r,
        1,
        `port ${base + 3} for broker 4 is already in use`,
        `Another program listens there (ss -ltnp | grep :${base + 3}); choose another with --port.`,
      );
    } finally {
      await new Promise<void>((r) => blocker.close(() => r()));
    }
    expect(readFileSync(join(lab, 'cluster.json'), 'utf8')).toBe(manifest);
    expect(existsSync(join(lab, 'server-4.properties'))).toBe(false);
  });

  it('add-broker starts broker 4 (broker only); rebalance moves partitions onto it; every record is read back', async () => {
    await createTopic(B, 'grow', { partitions: 3, replicationFactor: 3 });
    const values = Array.from({ length: 3000 }, (_, i) => `record-${i}`);
    await produce(
      B,
      'grow',
      values.map((value, i) => ({ key: `k${i % 50}`, value })),
    );
    const added = await runCli(['cluster', 'add-broker', '--dir', lab], { env, timeoutMs: 240_000 });
    expect(added.exitCode, added.stderr).toBe(0);
    const props = readFileSync(join(lab, 'server-4.properties'), 'utf8');
    expect(props).toMatch(/^process\.roles=broker$/m);
    expect(props).toMatch(new RegExp(`^listeners=PLAINTEXT://127\\.0\\.0\\.1:${base + 3}$`, 'm'));
    const manifest = JSON.parse(readFileSync(join(lab, 'cluster.json'), 'utf8')) as { nodes: { id: number; roles: string[] }[] };
    expect(manifest.nodes.map((n) => [n.id, n.roles.join(',')])).toEqual([
      [1, 'broker,controller'],
      [2, 'broker,controller'],
      [3, 'broker,controller'],
      [4, 'broker'],
    ]);
    await until(
      'broker 4 registered',
      () => withClient(B, (c) => c.metadata([])),
      (m) => m.brokers.some((b) => b.nodeId === 4),
    );

    const shown = await runCli(['cluster', 'rebalance', '--dir', lab], { env, timeoutMs: 60_000 });
    expect(shown.exitCode, shown.stderr).toBe(0);
    expect(shown.stdout).toContain("Kafka's reassignment file:");
    expect((await partitions('grow')).some((p) => p.replicas.includes(4))).toBe(false);

    const run = await runCli(['cluster', 'rebalance', '--dir', lab, '--execute', '--throttle', '50000000'], { env, timeoutMs: 300_000 });
    expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toContain('Successfully started partition reassignment');
    expect(run.stdout).toMatch(/Clearing broker-level throttles on brokers 1,2,3,4/);
    const grown = await until(
      'replicas on broker 4',
      () => partitions('grow'),
      (ps) => ps.every((p) => p.isr.length === 3),
    );
    expect(
      grown.some((p) => p.replicas.includes(4)),
      JSON.stringify(grown),
    ).toBe(true);

    const read = await readAll(B, 'grow');
    expect(read.length).toBe(values.length);
    expect(read.map((r) => r.value!.toString()).sort()).toEqual([...values].sort());
  }, 400_000);
});
