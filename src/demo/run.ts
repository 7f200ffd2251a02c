/**
 * `kafka-lab demo`: the whole multi-broker lab, narrated. Each step shows the kafka-lab
 * command as a user would type it and runs exactly that (the real CLI, in the lab folder);
 * the demo then checks against the cluster itself that what it claims really holds.
 * The lab is torn down in every case (failure, Ctrl-C) unless --keep.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChalkInstance } from 'chalk';
import { ensureOffsetsTopic } from '../client/admin.js';
import { packageRoot } from '../paths.js';
import { portIsFree } from '../util/ports.js';
import { LAST_ZOOKEEPER_KAFKA } from '../cluster/scaffold.js';
import { isEngineInstalled } from '../engine/index.js';
import { describePartitions, groupLag, topicPartitions, totalRecords, waitForPartitions, withClient } from './checks.js';
import { currentEnv } from '../output/io.js';
import { type CliResult, createNarrator, type DemoCheck } from './narrator.js';

export interface DemoOptions {
  mode: 'zookeeper' | 'kraft';
  keep: boolean;
  kafkaVersion?: string;
  heap: string;
  records: number;
  write: (text: string) => void;
  c: ChalkInstance;
  /** lab folder (default: a new temporary folder) */
  dir?: string;
}

export interface DemoResult {
  ok: boolean;
  checks: DemoCheck[];
  dir: string;
}

const TOPIC = 'demo-events';
const GROUP = 'demo-readers';
const BIN = join(packageRoot, 'bin', 'kafka-lab.js');

/** Runs `kafka-lab ...args` in the lab folder, as a user would. */
function runCli(args: string[], cwd: string, timeoutMs = 180_000): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: { ...currentEnv(), NO_COLOR: '1', CI: currentEnv().CI ?? '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const t = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(t);
      resolve({ code: code ?? 1, stdout, stderr });
    });
  });
}

/** A block of ports starting at the classic ones when free, else the first free block found. */
async function choosePorts(mode: 'zookeeper' | 'kraft'): Promise<{ basePort: number; zookeeperPort: number; controllerPort: number }> {
  const allFree = async (ports: number[]) => {
    for (const p of ports) if (!(await portIsFree(p))) return false;
    return true;
  };
  for (const base of [9092, 19092, 29092, 39092, 49092, 39192, 49292]) {
    const zk = base === 9092 ? 2181 : base - 1000;
    // base + 3: the fourth broker the demo adds
    const ports = [base, base + 1, base + 2, base + 3, ...(mode === 'kraft' ? [base + 100, base + 101, base + 102] : [zk])];
    if (await allFree(ports)) return { basePort: base, zookeeperPort: zk, controllerPort: base + 100 };
  }
  throw new Error('no free block of ports found for the demo lab');
}

export async function runDemo(o: DemoOptions): Promise<DemoResult> {
  const { c, write } = o;
  const dir = o.dir ?? mkdtempSync(join(tmpdir(), `kafka-lab-demo-${o.mode}-`));
  const { checks, step, show, check, command, result } = createNarrator(c, write);
  const runAndShow = async (args: string[], opts: { cwd?: string; quiet?: boolean; max?: number } = {}): Promise<CliResult> => {
    command(args);
    const r = await runCli(args, opts.cwd ?? dir);
    result(r, opts);
    return r;
  };
  const kafkaLab = async (args: string[], opts: { cwd?: string; quiet?: boolean; max?: number } = {}): Promise<CliResult> => {
    if (interrupted) throw new Error('interrupted');
    const r = await runAndShow(args, opts);
    if (interrupted) throw new Error('interrupted');
    return r;
  };

  let bootstrap = '';
  let scaffolded = false;
  let interrupted = false;
  const teardown = async () => {
    if (!scaffolded) return;
    if (o.keep && !interrupted) {
      write(`\nThe lab keeps running in ${dir} (--keep). Stop it with: kafka-lab cluster down --dir ${dir} --purge --yes`);
      return;
    }
    step('tear everything down');
    const r = await runAndShow(['cluster', 'down', '--purge', '--yes']);
    check('every process of the lab stopped', r.code === 0);
    if (!o.dir) rmSync(dir, { recursive: true, force: true });
  };
  let teardownStarted: Promise<void> | undefined;
  const teardownOnce = () => (teardownStarted ??= teardown());
  // Ctrl-C: tear down at once (the step under way fails and stops the script), then exit 130
  const onSigint = () => {
    if (interrupted) return;
    interrupted = true;
    write(c.red('\ninterrupted: tearing the lab down'));
    void teardownOnce().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSigint);

  try {
    const version = o.kafkaVersion ?? LAST_ZOOKEEPER_KAFKA;
    step(`the engine: Apache Kafka ${version}`);
    if (isEngineInstalled(version)) {
      write(`  Kafka ${version} is installed.`);
    } else {
      const r = await kafkaLab(['engine', 'install', '--version', version], { cwd: process.cwd() });
      if (!check(`Kafka ${version} installed`, r.code === 0)) return { ok: false, checks, dir };
    }

    step(`scaffold a 3-broker ${o.mode === 'kraft' ? 'KRaft' : 'ZooKeeper'} lab`);
    const ports = await choosePorts(o.mode);
    const scaffoldArgs = [
      'cluster-scaffold',
      '--brokers',
      '3',
      '--dir',
      dir,
      '--mode',
      o.mode,
      '--base-port',
      String(ports.basePort),
      '--heap',
      o.heap,
      '--kafka-version',
      version,
      '--force',
    ];
    if (o.mode === 'zookeeper') scaffoldArgs.push('--zookeeper-port', String(ports.zookeeperPort));
    else scaffoldArgs.push('--controller-port', String(ports.controllerPort));
    const sc = await kafkaLab(scaffoldArgs, { quiet: true, cwd: process.cwd() });
    show(sc.stdout, 9);
    if (!check('lab folder generated', sc.code === 0)) return { ok: false, checks, dir };
    scaffolded = true;
    bootstrap = [0, 1, 2].map((i) => `127.0.0.1:${ports.basePort + i}`).join(',');
    write(c.dim(`  (every command below runs in ${dir}; its .kafka-lab-profile.json points them at ${bootstrap})`));

    step(o.mode === 'kraft' ? 'start the three KRaft nodes' : 'start ZooKeeper and the three brokers');
    const up = await kafkaLab(['cluster', 'up']);
    if (!check('3 brokers registered and a controller elected', up.code === 0)) return { ok: false, checks, dir };

    step(`create a topic with 3 partitions, replication factor 3`);
    const r = await kafkaLab(['topics', '--create', '--topic', TOPIC, '--partitions', '3', '--replication-factor', '3']);
    if (!check('topic created', r.code === 0)) return { ok: false, checks, dir };
    const created = await waitForPartitions(
      bootstrap,
      TOPIC,
      (ps) => ps.length === 3 && ps.every((p) => p.replicas.length === 3 && p.isr.length === 3 && p.leader >= 0),
      30_000,
    );
    if (!check('3 partitions, each with 3 replicas all in sync', created.ok, describePartitions(created.partitions).join('; ')))
      return { ok: false, checks, dir };

    step(`produce ${o.records} random messages (acks=all)`);
    const prod = await kafkaLab(['console-producer', '--topic', TOPIC, '--random', String(o.records), '--keys', '10', '--record-size', '50']);
    check(`the producer had all ${o.records} records acknowledged`, prod.code === 0);
    const written = await totalRecords(bootstrap, TOPIC);
    if (!check(`${o.records} records in the topic`, written === o.records, `${written} found`)) return { ok: false, checks, dir };

    step(`consume them in the group ${GROUP}`);
    // the first group on a new cluster creates __consumer_offsets: wait until it has leaders
    if (
      !check(
        'the group coordinator is ready',
        await withClient(bootstrap, (c) => ensureOffsetsTopic(c, Date.now() + 60_000)).then(
          () => true,
          () => false,
        ),
      )
    )
      return { ok: false, checks, dir };
    const consumeArgs = (group: string) => [
      'console-consumer',
      '--topic',
      TOPIC,
      '--group',
      group,
      '--from-beginning',
      '--max-messages',
      String(o.records),
      '--timeout-ms',
      '30000',
      '--property',
      'print.partition=true',
      '--property',
      'print.offset=true',
    ];
    const first = await kafkaLab(consumeArgs(GROUP), { quiet: true });
    const firstLines = first.stdout.split('\n').filter((l) => l.length > 0);
    show(firstLines.slice(0, 3).join('\n'));
    write(c.dim(`   ... ${firstLines.length} records in all`));
    check(`the group read all ${o.records} records`, first.code === 0 && firstLines.length === o.records, `${firstLines.length} read`);

    step('the topic and the group');
    await kafkaLab(['topics', '--describe', '--topic', TOPIC]);
    await kafkaLab(['consumer-groups', '--describe', '--group', GROUP]);
    const lag = await groupLag(bootstrap, GROUP, TOPIC);
    check(`${GROUP} has no lag`, lag === 0, `lag ${lag}`);

    // stop the leader of partition 0, so that leadership visibly moves
    const victim = created.partitions.find((p) => p.partition === 0)?.leader ?? 3;
    step(`stop broker ${victim} (it leads partition 0): a failover`);
    const stop = await kafkaLab(['cluster', 'stop-broker', String(victim)]);
    check(`broker ${victim} stopped`, stop.code === 0);
    const moved = await waitForPartitions(
      bootstrap,
      TOPIC,
      (ps) => ps.length === 3 && ps.every((p) => p.leader >= 0 && p.leader !== victim && !p.isr.includes(victim)),
      60_000,
    );
    check(
      `no partition is led by broker ${victim} any more`,
      moved.ok && moved.partitions.every((p) => p.leader !== victim && p.leader >= 0),
      describePartitions(moved.partitions).join('; '),
    );
    check('the ISR shrank to the two live brokers', moved.ok && moved.partitions.every((p) => p.isr.length === 2 && !p.isr.includes(victim)));
    await kafkaLab(['topics', '--describe', '--topic', TOPIC]);

    step('consume everything again with one broker down: nothing lost');
    const second = await kafkaLab(consumeArgs('demo-verify'), { quiet: true });
    const secondLines = second.stdout.split('\n').filter((l) => l.length > 0);
    write(c.dim(`   ... ${secondLines.length} records read`));
    const same = secondLines.length === firstLines.length && [...secondLines].sort().join('\n') === [...firstLines].sort().join('\n');
    check(`all ${o.records} acknowledged records are still there, identical`, second.code === 0 && same, `${secondLines.length} read`);

    step(`restart broker ${victim}: the ISR becomes whole again`);
    const start = await kafkaLab(['cluster', 'start-broker', String(victim)]);
    check(`broker ${victim} started`, start.code === 0);
    const whole = await waitForPartitions(bootstrap, TOPIC, (ps) => ps.length === 3 && ps.every((p) => p.isr.length === 3), 90_000);
    check('every partition has 3 in-sync replicas again', whole.ok, describePartitions(whole.partitions).join('; '));
    await kafkaLab(['topics', '--describe', '--topic', TOPIC]);

    step(`broker ${victim} is back, but leads nothing: the leaders are skewed`);
    const preferred = new Map(created.partitions.map((p) => [p.partition, p.replicas[0]!]));
    const skewed = whole.partitions.filter((p) => p.leader !== preferred.get(p.partition));
    check(
      `broker ${victim} leads no partition, though it is the preferred (first) replica of ${created.partitions.filter((p) => p.replicas[0] === victim).length}`,
      whole.partitions.every((p) => p.leader !== victim) && skewed.length > 0,
      describePartitions(whole.partitions).join('; '),
    );

    step('a preferred leader election puts the leaders back');
    const election = await kafkaLab(['leader-election', '--election-type', 'preferred', '--all-topic-partitions']);
    check('the election ran', election.code === 0);
    const restored = await waitForPartitions(bootstrap, TOPIC, (ps) => ps.length === 3 && ps.every((p) => p.leader === preferred.get(p.partition)), 30_000);
    check(
      'every partition is led by its original leader again',
      restored.ok && created.partitions.every((c) => restored.partitions.find((p) => p.partition === c.partition)?.leader === c.leader),
      describePartitions(restored.partitions).join('; '),
    );
    await kafkaLab(['topics', '--describe', '--topic', TOPIC]);

    step('scale out: a 4th broker joins the lab');
    const added = await kafkaLab(['cluster', 'add-broker'], { max: 8 });
    if (!check('broker 4 started and registered', added.code === 0)) return { ok: false, checks, dir };
    const before4 = await topicPartitions(bootstrap, TOPIC);
    check(
      'it holds no partition yet',
      before4.every((p) => !p.replicas.includes(4)),
      describePartitions(before4).join('; '),
    );

    step('move partitions onto it (a reassignment), then check nothing was lost');
    await kafkaLab(['cluster', 'rebalance']);
    const moved4 = await kafkaLab(['cluster', 'rebalance', '--execute'], { max: 40 });
    check('the reassignment completed', moved4.code === 0);
    const spread = await waitForPartitions(
      bootstrap,
      TOPIC,
      (ps) => ps.length === 3 && ps.some((p) => p.replicas.includes(4)) && ps.every((p) => p.replicas.length === 3 && p.isr.length === 3),
      60_000,
    );
    check('broker 4 now holds replicas, each partition has 3 in-sync replicas', spread.ok, describePartitions(spread.partitions).join('; '));
    await kafkaLab(['topics', '--describe', '--topic', TOPIC]);
    const third = await kafkaLab(consumeArgs('demo-after-move'), { quiet: true });
    const thirdLines = third.stdout.split('\n').filter((l) => l.length > 0);
    write(c.dim(`   ... ${thirdLines.length} records read`));
    check(
      `all ${o.records} records read back after the move, identical`,
      third.code === 0 && thirdLines.length === firstLines.length && [...thirdLines].sort().join('\n') === [...firstLines].sort().join('\n'),
      `${thirdLines.length} read`,
    );
  } catch (err) {
    if (!interrupted) check('the demo ran to the end', false, (err as Error).message);
  } finally {
    await teardownOnce();
    if (interrupted) await new Promise(() => {}); // the SIGINT handler exits with 130
    process.removeListener('SIGINT', onSigint);
  }
  return { ok: checks.every((x) => x.ok), checks, dir };
}
