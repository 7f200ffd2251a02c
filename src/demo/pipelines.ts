/**
 * `kafka-lab demo --pipelines`: the data-lake lab, narrated. Rows inserted into the database
 * reach a topic (Debezium) and then an Iceberg table on HDFS (Parquet); device readings flow
 * the same way through mosquitto; HDFS is stopped and the ingest side keeps working while the
 * lake's sink tasks fail; HDFS returns, the failed tasks are restarted and the lake catches up.
 * Each step shows the kafka-lab command a user would type and runs exactly that (the real CLI,
 * in the lab folder); the demo then checks what it claims against the topics, the Connect REST
 * API and the tables' own metadata. Everything is torn down at the end, on failure and on Ctrl-C.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChalkInstance } from 'chalk';
import { ConnectClient } from '../connect/rest.js';
import type { LabManifest } from '../cluster/scaffold.js';
import { currentEnv } from '../output/io.js';
import { packageRoot } from '../paths.js';
import { readTableFacts } from '../pipelines/lake.js';
import { PORT_BLOCK } from '../pipelines/scaffold.js';
import { portIsFree } from '../util/ports.js';
import { totalRecords } from './checks.js';
import { type CliResult, createNarrator, type DemoCheck } from './narrator.js';

export interface PipelinesDemoOptions {
  db: 'postgres' | 'mariadb';
  lake: 'hdfs' | 'local';
  keep: boolean;
  dir?: string;
  write: (text: string) => void;
  c: ChalkInstance;
}

export interface PipelinesDemoResult {
  ok: boolean;
  checks: DemoCheck[];
  dir: string;
  seconds: number;
}

const BIN = join(packageRoot, 'bin', 'kafka-lab.js');

/** The kafka-lab command running now: Ctrl-C is handed to it (once) before the lab is torn down. */
let current: { child: ChildProcess; closed: Promise<void> } | undefined;

function runCli(args: string[], cwd: string, timeoutMs = 240_000): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: { ...currentEnv(), NO_COLOR: '1', CI: currentEnv().CI ?? '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      // its own process group: a terminal's Ctrl-C reaches the demo only, which forwards it once
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const t = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const closed = new Promise<void>((done) =>
      child.on('close', (code) => {
        clearTimeout(t);
        if (current?.child === child) current = undefined;
        resolve({ code: code ?? 1, stdout, stderr });
        done();
      }),
    );
    current = { child, closed };
  });
}

/** Ctrl-C: the running command stops what it started (cluster up does), bounded. */
async function interruptCurrent(): Promise<void> {
  const c = current;
  if (!c) return;
  c.child.kill('SIGINT');
  await Promise.race([c.closed, new Promise((r) => setTimeout(r, 120_000).unref())]);
}

/**
 * The first block of PORT_BLOCK free loopback ports among a few candidates, below Linux's
 * ephemeral range (32768+) where client connections would pick ports of the block meanwhile.
 */
async function choosePortBlock(): Promise<number> {
  for (const base of [31000, 30000, 29000, 28000, 27000, 26000, 25000, 24000, 23000, 22000]) {
    let free = true;
    for (let p = base; p < base + PORT_BLOCK && free; p++) free = await portIsFree(p);
    if (free) return base;
  }
  throw new Error(`no block of ${PORT_BLOCK} free ports found for the demo lab`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until fn returns a value that holds, or the time is up; returns the last value. */
async function waitFor<T>(fn: () => Promise<T>, holds: (v: T) => boolean, timeoutMs: number, everyMs = 1000): Promise<{ ok: boolean; value: T | undefined }> {
  const end = Date.now() + timeoutMs;
  let value: T | undefined;
  for (;;) {
    try {
      value = await fn();
      if (holds(value)) return { ok: true, value };
    } catch {
      /* not there yet (a restarting server): ask again */
    }
    if (Date.now() >= end) return { ok: false, value };
    await sleep(everyMs);
  }
}

function pidAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

export async function runPipelinesDemo(o: PipelinesDemoOptions): Promise<PipelinesDemoResult> {
  const { c, write } = o;
  const dir = o.dir ?? mkdtempSync(join(tmpdir(), 'kafka-lab-demo-lake-'));
  const { checks, step, show, check, command, result, elapsed } = createNarrator(c, write, { showElapsed: true });
  let interrupted = false;
  const kafkaLab = async (args: string[], opts: { cwd?: string; quiet?: boolean; max?: number; timeoutMs?: number } = {}): Promise<CliResult> => {
    if (interrupted) throw new Error('interrupted');
    command(args);
    const r = await runCli(args, opts.cwd ?? dir, opts.timeoutMs);
    result(r, opts);
    if (interrupted) throw new Error('interrupted');
    return r;
  };

  let manifest: LabManifest | undefined;
  let scaffolded = false;
  const teardown = async () => {
    if (!scaffolded) return;
    if (o.keep && !interrupted) {
      write(`\nThe lab keeps running in ${dir} (--keep). Stop it with: kafka-lab cluster down --dir ${dir} --purge --yes`);
      return;
    }
    step('tear everything down: workers, mosquitto, HDFS, the database, the broker');
    const { listServers } = await import('../engine/index.js');
    const { pipelineProcesses, recordOfPipeline } = await import('../pipelines/processes.js');
    const { labProcesses, recordOf } = await import('../cluster/processes.js');
    const servers = await listServers();
    const pids = manifest
      ? [
          ...pipelineProcesses(manifest.pipelines!).flatMap((x) => recordOfPipeline(x, servers)?.pid ?? []),
          ...labProcesses({ dir, manifest }).flatMap((x) => recordOf(x, servers)?.pid ?? []),
        ]
      : [];
    const r = await runCli(['cluster', 'down', '--purge', '--yes'], dir);
    write(c.yellow('  $ kafka-lab cluster down --purge --yes'));
    show(r.stdout, 30);
    if (r.code !== 0) show(r.stderr, 10);
    const left = pids.filter(pidAlive);
    check(
      `every process of the lab stopped (${pids.length} pids: no JVM, database or mosquitto left)`,
      r.code === 0 && left.length === 0,
      left.length > 0 ? `alive: ${left.join(', ')}` : undefined,
    );
    if (!o.dir) rmSync(dir, { recursive: true, force: true });
  };
  let teardownStarted: Promise<void> | undefined;
  const teardownOnce = () => (teardownStarted ??= teardown());
  const onSigint = () => {
    if (interrupted) return;
    interrupted = true;
    write(c.red('\ninterrupted: tearing the lab down'));
    void interruptCurrent()
      .then(teardownOnce)
      .finally(() => process.exit(130));
  };
  process.on('SIGINT', onSigint);

  const steps = async (): Promise<void> => {
    step(`scaffold the data-lake lab (${o.db === 'postgres' ? 'PostgreSQL' : 'MariaDB'}, ${o.lake === 'hdfs' ? 'HDFS' : 'a local lake folder'})`);
    const base = await choosePortBlock();
    const sc = await kafkaLab(['pipelines-scaffold', '--dir', dir, '--db', o.db, '--lake', o.lake, '--base-port', String(base), '--force'], {
      quiet: true,
      cwd: process.cwd(),
      timeoutMs: 900_000,
    });
    show(sc.stdout, 16);
    if (!check('lab folder generated, plugins in place', sc.code === 0)) return;
    scaffolded = true;
    manifest = JSON.parse(readFileSync(join(dir, 'cluster.json'), 'utf8')) as LabManifest;
    const p = manifest.pipelines!;
    const bootstrap = manifest.bootstrapServers;
    const ingest = p.workers.find((w) => w.name === 'ingest')!;
    const lake = p.workers.find((w) => w.name === 'lake')!;
    const dbFlag = o.db === 'mariadb' ? ['--db', 'mariadb'] : [];
    write(c.dim(`  (every command below runs in ${dir}; its .kafka-lab-profile.json points them at ${bootstrap})`));

    step('start it all: broker, database, lake, mosquitto, the ingest and lake workers, then the connectors');
    const up = await kafkaLab(['cluster', 'up'], { quiet: true, timeoutMs: 420_000 });
    show(
      up.stdout
        .split('\n')
        .filter((l) => /^[│✔]|lab up|RUNNING/.test(l) && !/^├|^└|^┌/.test(l))
        .join('\n'),
      24,
    );
    if (!check('every process started and all 4 connectors run their tasks', up.code === 0)) return;

    step(`rows into Kafka: the 3 seed rows of ${p.db.database}.${p.db.table}, then 2 new ones`);
    const consume = (n: number) => ['console-consumer', '--topic', p.db.topic, '--from-beginning', '--max-messages', String(n), '--timeout-ms', '30000'];
    const snap = await kafkaLab(consume(3), { quiet: true });
    show(snap.stdout, 3);
    const snapRows = snap.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { id: number; __op: string });
    check(
      'the snapshot: 3 rows, one message each, op "r"',
      snapRows.length === 3 && new Set(snapRows.map((r) => r.id)).size === 3 && snapRows.every((r) => r.__op === 'r'),
    );
    await kafkaLab([
      'db',
      'sql',
      ...dbFlag,
      '--port',
      String(p.db.port),
      `INSERT INTO ${p.db.table} (customer, product, quantity, price) VALUES ('dave', 'mouse', 1, 19.99), ('erin', 'desk', 1, 250.00)`,
    ]);
    const rows5 = await waitFor(
      () => totalRecords(bootstrap, p.db.topic),
      (n) => n >= 5,
      60_000,
    );
    const all = await kafkaLab(consume(5), { quiet: true });
    const allRows = all.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { id: number; customer: string; __op: string });
    show(all.stdout.split('\n').slice(3, 5).join('\n'));
    check(
      'the 2 inserts arrive once each, op "c" (5 messages, ids 1-5)',
      rows5.value === 5 && allRows.length === 5 && new Set(allRows.map((r) => r.id)).size === 5 && allRows.filter((r) => r.__op === 'c').length === 2,
      `${rows5.value ?? '?'} in the topic`,
    );

    step('rows into the lake: Iceberg commits every 10 s, Parquet files in HDFS');
    const tableHas = (table: string, n: number, ms = 90_000) =>
      waitFor(
        () => readTableFacts(p, table),
        (f) => f.records >= n,
        ms,
        2000,
      );
    const orders5 = await tableHas('lake.orders', 5);
    const listArgs = p.lake.hdfs ? ['hdfs', 'ls', '/warehouse/lake/orders/data', '--url', `http://127.0.0.1:${p.lake.hdfs.ports.http}`] : undefined;
    if (listArgs) await kafkaLab(listArgs, { max: 6 });
    check(
      'table lake.orders holds the 5 rows (its metadata: current snapshot, total-records)',
      orders5.value?.records === 5,
      `${orders5.value?.records ?? '?'} records in ${orders5.value?.dataFiles ?? '?'} Parquet file(s)`,
    );

    step('device readings: 3 devices publish to mosquitto; the MQTT source and the lake take them on');
    const sim = (count: number) => [
      'device-sim',
      '--devices',
      '3',
      '--rate',
      '10',
      '--count',
      String(count),
      '--mqtt',
      `mqtt://127.0.0.1:${p.mqtt.port}`,
      '--quiet',
    ];
    const s1 = await kafkaLab(sim(60));
    check('60 readings acknowledged by mosquitto', s1.code === 0 && /delivered 60, failed 0/.test(s1.stdout));
    const readings60 = await waitFor(
      () => totalRecords(bootstrap, p.mqtt.topic),
      (n) => n >= 60,
      60_000,
    );
    check(`60 readings in the topic ${p.mqtt.topic}`, readings60.value === 60, `${readings60.value ?? '?'} found`);
    const lake60 = await tableHas('lake.readings', 60);
    check('table lake.readings holds the 60 readings', lake60.value?.records === 60, `${lake60.value?.records ?? '?'} records`);

    if (p.lake.hdfs) {
      step('HDFS fails: the lake side stops, the ingest side keeps working');
      await kafkaLab(['hdfs', 'stop', '--dir', 'hdfs']);
      await kafkaLab([
        'db',
        'sql',
        ...dbFlag,
        '--port',
        String(p.db.port),
        `INSERT INTO ${p.db.table} (customer, product, quantity, price) VALUES ('frank', 'lamp', 2, 35.50), ('grace', 'chair', 4, 79.00)`,
      ]);
      await kafkaLab(sim(30));
      const more = await waitFor(
        async () => [await totalRecords(bootstrap, p.db.topic), await totalRecords(bootstrap, p.mqtt.topic)] as const,
        ([a, b]) => a >= 7 && b >= 90,
        60_000,
      );
      check(
        'records keep arriving in the topics with HDFS down (7 rows, 90 readings)',
        more.value?.[0] === 7 && more.value?.[1] === 90,
        more.value ? `${more.value[0]} rows, ${more.value[1]} readings` : undefined,
      );
      const lakeClient = new ConnectClient({ url: lake.restUrl, timeoutMs: 10_000 });
      const ingestClient = new ConnectClient({ url: ingest.restUrl, timeoutMs: 10_000 });
      const failed = await waitFor(
        () => Promise.all(p.tables.map((t) => lakeClient.status(t.connector))),
        (ss) => ss.every((s) => s.tasks.some((t) => t.state === 'FAILED')),
        90_000,
      );
      await kafkaLab(['connect', 'list', '--url', lake.restUrl]);
      check('the lake worker reports its sink tasks FAILED', failed.ok);
      const ingestStates = await Promise.all(ingest.connectors.map((x) => ingestClient.status(x.name)));
      await kafkaLab(['connect', 'list', '--url', ingest.restUrl]);
      check(
        'the ingest worker runs on: its connectors and tasks are RUNNING',
        ingestStates.every((s) => s.connector.state === 'RUNNING' && s.tasks.length > 0 && s.tasks.every((t) => t.state === 'RUNNING')),
      );

      step('HDFS returns; the failed tasks are restarted; the lake catches up');
      const back = await kafkaLab(['hdfs', 'start', '--dir', 'hdfs'], { timeoutMs: 240_000 });
      check('HDFS is back', back.code === 0);
      for (const t of p.tables) await kafkaLab(['connect', 'restart', t.connector, '--failed-only', '--url', lake.restUrl]);
      const running = await waitFor(
        () => Promise.all(p.tables.map((t) => lakeClient.status(t.connector))),
        (ss) => ss.every((s) => s.tasks.length > 0 && s.tasks.every((t) => t.state === 'RUNNING')),
        60_000,
      );
      check('the sink tasks are RUNNING again', running.ok);
      const orders7 = await tableHas('lake.orders', 7, 120_000);
      const readings90 = await tableHas('lake.readings', 90, 120_000);
      check('lake.orders caught up: 7 rows, none twice', orders7.value?.records === 7, `${orders7.value?.records ?? '?'} records`);
      check('lake.readings caught up: 90 readings, none twice', readings90.value?.records === 90, `${readings90.value?.records ?? '?'} records`);
    }

    step('the whole lab at a glance');
    await kafkaLab(['cluster', 'status'], { max: 60 });
  };

  try {
    await steps();
  } catch (err) {
    if (!interrupted) check('the demo ran to the end', false, (err as Error).message);
  } finally {
    await teardownOnce();
    if (interrupted) await new Promise(() => {}); // the SIGINT handler exits with 130
    process.removeListener('SIGINT', onSigint);
  }
  return done();

  function done(): PipelinesDemoResult {
    return { ok: checks.length > 0 && checks.every((x) => x.ok), checks, dir, seconds: elapsed() };
  }
}
