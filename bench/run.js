#!/usr/bin/env node
/**
 * Side-by-side benchmark: kafka-lab vs Kafka's own JVM tools, on one local broker that
 * kafka-lab itself starts (zookeeper-start / server-start -daemon), each case run alternately
 * (ours, theirs, ours, theirs ...). Writes bench/results.md and bench/results.json.
 *
 *   npm run bench                       full size (5 runs, 1,000,000 records; growth 300,000 → 3,000,000)
 *   BENCH_RUNS=3 BENCH_RECORDS=200000 BENCH_GROWTH=100000,1000000 npm run bench    smaller, for iterating
 *
 * Wall time is measured around the child process; peak RSS and CPU time (user + system) come
 * from /usr/bin/time -f '%M %U %S' when present, else peak RSS from polling VmHWM.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync, closeSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'kafka-lab.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const RECORDS = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const RECORD_SIZE = 100;
const GROWTH = (process.env.BENCH_GROWTH ?? '300000,3000000').split(',').map(Number);
const GROWTH_RUNS = Number(process.env.BENCH_GROWTH_RUNS ?? 3);
const ENGINE = process.env.BENCH_ENGINE ?? '3.9.2';
const HOME = process.env.KAFKA_LAB_HOME ?? join(homedir(), '.kafka-lab');
const LIBS = join(HOME, 'engines', `kafka-${ENGINE}`, 'libs');
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

const work = mkdtempSync(join(tmpdir(), 'kafka-lab-bench-'));
const env = { ...process.env, KAFKA_LAB_RUN_DIR: join(work, 'run'), LOG_DIR: join(work, 'logs'), NO_COLOR: '1', CI: '1' };
delete env.KAFKA_BOOTSTRAP_SERVERS;

function log(msg) {
  process.stderr.write(`[bench] ${msg}\n`);
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Runs a command to completion: wall ms, peak RSS (MiB), exit code, stdout (when captured). */
function measure(cmd, args, { stdinFile, captureStdout = false, extraEnv } = {}) {
  return new Promise((resolve, reject) => {
    const timeFile = join(work, `time-${process.hrtime.bigint()}.txt`);
    const [file, argv] = TIME ? [TIME, ['-f', '%M %U %S', '-o', timeFile, cmd, ...args]] : [cmd, args];
    const stdin = stdinFile ? openSync(stdinFile, 'r') : 'ignore';
    const started = performance.now();
    const child = spawn(file, argv, { env: { ...env, ...extraEnv }, stdio: [stdin, captureStdout ? 'pipe' : 'ignore', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let hwm = 0;
    const poll = TIME
      ? undefined
      : setInterval(() => {
          try {
            const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
            if (m) hwm = Math.max(hwm, Number(m[1]));
          } catch {
            /* exited */
          }
        }, 20);
    if (captureStdout) child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr = (stderr + d).slice(-4000)));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      if (poll) clearInterval(poll);
      if (typeof stdin === 'number') closeSync(stdin);
      let rssKiB = hwm;
      let cpuMs = Number.NaN;
      if (TIME && existsSync(timeFile)) {
        // the last line; earlier ones are time's own notes ("Command exited with non-zero status")
        const lines = readFileSync(timeFile, 'utf8').trim().split('\n');
        const [rss, user, sys] = lines[lines.length - 1].split(' ').map(Number);
        rssKiB = rss || 0;
        cpuMs = (user + sys) * 1000;
        rmSync(timeFile, { force: true });
      }
      resolve({ ms, rssMiB: rssKiB / 1024, cpuMs, code, stdout, stderr });
    });
  });
}

const ours = (args, opts) => measure(process.execPath, [BIN, ...args], opts);

/** Kafka's scripts: kafka-run-class.sh's JVM options, the heap each script sets, tools-log4j (WARN to stderr). */
function theirs(mainClass, args, heap, opts) {
  const log4j = join(work, 'tools-log4j.properties');
  const jvm = [
    heap,
    '-server',
    '-XX:+UseG1GC',
    '-XX:MaxGCPauseMillis=20',
    '-XX:InitiatingHeapOccupancyPercent=35',
    '-XX:+ExplicitGCInvokesConcurrent',
    '-XX:MaxInlineLevel=15',
    '-Djava.awt.headless=true',
    `-Dlog4j.configuration=file:${log4j}`,
    '-cp',
    join(LIBS, '*'),
  ];
  return measure('java', [...jvm, mainClass, ...args], opts);
}

function runSync(args, what) {
  const r = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status}): ${r.stderr || r.stdout}`);
  return r.stdout;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? NaN : n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};

function assertOk(r, what) {
  if (r.code !== 0) throw new Error(`${what} exited ${r.code}: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  return r;
}

async function main() {
  if (!existsSync(LIBS) || readdirSync(LIBS).length === 0) {
    log(`engine ${ENGINE} not installed: kafka-lab engine install ${ENGINE}`);
    runSync(['engine', 'install', ENGINE], 'engine install');
  }
  writeFileSync(
    join(work, 'tools-log4j.properties'),
    'log4j.rootLogger=WARN, stderr\nlog4j.appender.stderr=org.apache.log4j.ConsoleAppender\nlog4j.appender.stderr.layout=org.apache.log4j.PatternLayout\nlog4j.appender.stderr.layout.ConversionPattern=[%d] %p %m (%c)%n\nlog4j.appender.stderr.Target=System.err\n',
  );
  mkdirSync(join(work, 'zk'));
  const zkPort = await freePort();
  const port = await freePort();
  const B = `127.0.0.1:${port}`;
  writeFileSync(
    join(work, 'zookeeper.properties'),
    `dataDir=${join(work, 'zk')}\nclientPort=${zkPort}\nclientPortAddress=127.0.0.1\nmaxClientCnxns=0\nadmin.enableServer=false\n`,
  );
  writeFileSync(
    join(work, 'server.properties'),
    `${[
      'broker.id=0',
      `listeners=PLAINTEXT://${B}`,
      `advertised.listeners=PLAINTEXT://${B}`,
      `log.dirs=${join(work, 'kafka-logs')}`,
      `zookeeper.connect=127.0.0.1:${zkPort}`,
      'offsets.topic.replication.factor=1',
      'offsets.topic.num.partitions=3',
      'transaction.state.log.replication.factor=1',
      'transaction.state.log.min.isr=1',
      'group.initial.rebalance.delay.ms=0',
      'auto.create.topics.enable=false',
      'num.partitions=3',
    ].join('\n')}\n`,
  );

  const results = {
    startedAt: new Date().toISOString(),
    runs: RUNS,
    records: RECORDS,
    growth: GROWTH,
    load: loadAverage(),
    recordSize: RECORD_SIZE,
    engine: ENGINE,
    node: process.version,
    cases: [],
  };
  log(`work dir ${work}; ${RUNS} runs; ${RECORDS} records of ${RECORD_SIZE} B`);
  log('starting ZooKeeper and a broker with kafka-lab');
  runSync(['zookeeper-start', '-daemon', join(work, 'zookeeper.properties')], 'zookeeper-start');
  try {
    runSync(['server-start', '-daemon', join(work, 'server.properties'), '--heap', '1g'], 'server-start');
    await benchmark(B, results);
  } finally {
    log('stopping the broker and ZooKeeper');
    spawnSync(process.execPath, [BIN, 'server-stop', '--all'], { env, stdio: 'ignore' });
    spawnSync(process.execPath, [BIN, 'zookeeper-stop'], { env, stdio: 'ignore' });
  }
  results.loadAfter = loadAverage();
  writeOutputs(results);
  rmSync(work, { recursive: true, force: true });
}

// set-up and checks (not timed) go through kafka-lab's own commands
let topicSeq = 0;
async function newTopic(B, prefix) {
  const t = `${prefix}-${++topicSeq}`;
  runSync(['topics', '--bootstrap-server', B, '--create', '--topic', t, '--partitions', '3', '--replication-factor', '1'], 'topics --create');
  return t;
}
async function dropTopic(B, t) {
  spawnSync(process.execPath, [BIN, 'topics', '--bootstrap-server', B, '--delete', '--topic', t], { env, stdio: 'ignore' });
}

/** Alternates ours/theirs RUNS times; `run` gets 'ours' | 'theirs' and returns {ms, rssMiB, value?}. */
async function alternate(name, run) {
  const samples = { ours: [], theirs: [] };
  for (let i = 0; i < RUNS; i++) {
    for (const side of ['ours', 'theirs']) {
      let r;
      try {
        r = await run(side, i);
      } catch (err) {
        log(`${name} ${side} #${i + 1} failed (${err.message}); retrying once`);
        r = await run(side, i);
      }
      samples[side].push(r);
      log(`${name} ${side} #${i + 1}: ${r.ms.toFixed(0)} ms, ${r.rssMiB.toFixed(0)} MiB${r.value !== undefined ? `, ${r.value.toFixed(0)} rec/s` : ''}`);
    }
  }
  return samples;
}

const TARGETS = {
  shortCommand: 6,
  producer: 5,
  consumer: 5,
  perf: 2,
  rss: 1 / 3,
  versionMs: 80,
  growthMemory: 1.2,
};

async function benchmark(B, results) {
  const add = (c) => results.cases.push(c);
  /** Median of each side; the ratio says how many times better kafka-lab is (time: theirs/ours, throughput: ours/theirs). */
  const summarise = (name, samples, kind, target, unit) => {
    const pick = (side) => samples[side].map((s) => (kind === 'throughput' ? s.value : s.ms));
    const o = median(pick('ours'));
    const t = median(pick('theirs'));
    const ratio = kind === 'throughput' ? o / t : t / o;
    const cpuO = median(samples.ours.map((s) => s.cpuMs));
    const cpuT = median(samples.theirs.map((s) => s.cpuMs));
    add({
      case: name,
      kind,
      unit,
      ours: o,
      theirs: t,
      ratio,
      cpu: { ours: cpuO, theirs: cpuT, ratio: cpuT / cpuO },
      target: target === undefined ? 'report' : `≥ ${target}x`,
      pass: target === undefined ? null : ratio >= target,
      samples: { ours: pick('ours'), theirs: pick('theirs') },
    });
    const rssO = median(samples.ours.map((s) => s.rssMiB));
    const rssT = median(samples.theirs.map((s) => s.rssMiB));
    add({
      case: `${name}: peak RSS`,
      kind: 'rss',
      unit: 'MiB',
      ours: rssO,
      theirs: rssT,
      ratio: rssO / rssT,
      target: '≤ 0.33x',
      pass: rssO / rssT <= TARGETS.rss,
    });
  };

  // 1. short commands: the start-up cost of each tool
  const listTopic = await newTopic(B, 'bench-short');
  await fill(B, listTopic, 1000);
  const groupArgs = ['--bootstrap-server', B, '--topic', listTopic, '--group', 'bench-group', '--from-beginning', '--max-messages', '1000'];
  runSync(['console-consumer', ...groupArgs], 'console-consumer (commit a group)');
  const short = [
    [
      'topics --list',
      ['topics', '--bootstrap-server', B, '--list'],
      'org.apache.kafka.tools.TopicCommand',
      ['--bootstrap-server', B, '--list'],
      TARGETS.shortCommand,
    ],
    [
      'topics --describe',
      ['topics', '--bootstrap-server', B, '--describe', '--topic', listTopic],
      'org.apache.kafka.tools.TopicCommand',
      ['--bootstrap-server', B, '--describe', '--topic', listTopic],
    ],
    [
      'consumer-groups --list',
      ['consumer-groups', '--bootstrap-server', B, '--list'],
      'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand',
      ['--bootstrap-server', B, '--list'],
    ],
    [
      'get-offsets',
      ['get-offsets', '--bootstrap-server', B, '--topic', listTopic],
      'org.apache.kafka.tools.GetOffsetShell',
      ['--bootstrap-server', B, '--topic', listTopic],
    ],
  ];
  for (const [name, ourArgs, mainClass, theirArgs, target] of short) {
    const samples = await alternate(name, async (side) => {
      const r =
        side === 'ours'
          ? assertOk(await ours(ourArgs, { captureStdout: true }), `kafka-lab ${name}`)
          : assertOk(await theirs(mainClass, theirArgs, '-Xmx256M', { captureStdout: true }), `${mainClass} ${name}`);
      return r;
    });
    // same answer on both sides, or the timing means nothing
    const [o, t] = [samples.ours[0].stdout, samples.theirs[0].stdout].map((x) => x.trim().split('\n').sort().join('\n'));
    if (o !== t) throw new Error(`${name}: kafka-lab printed\n${o}\nKafka's tool printed\n${t}`);
    summarise(`${name} (wall time)`, samples, 'time', target, 'ms');
  }

  // 2. console-producer: RECORDS lines of RECORD_SIZE bytes on stdin (a fresh topic per run)
  const input = await linesFile(RECORDS);
  for (const acks of ['1', 'all']) {
    const s = await alternate(`console-producer acks=${acks}`, (side) => producerRun(B, side, acks, input, RECORDS));
    summarise(`console-producer acks=${acks} (records/s, wall time to exit)`, s, 'throughput', TARGETS.producer, 'records/s');
  }

  // 3. console-consumer: RECORDS records to /dev/null
  const consTopic = await newTopic(B, 'bench-cons');
  await fill(B, consTopic, RECORDS);
  const cons = await alternate('console-consumer', (side) => consumerRun(B, side, consTopic, RECORDS));
  summarise('console-consumer to /dev/null (records/s, wall time to exit)', cons, 'throughput', TARGETS.consumer, 'records/s');

  // 4. producer-perf-test vs ProducerPerformance (the records/sec of its own summary line)
  const perf = await alternate('producer-perf-test', async (side) => {
    const t = await newTopic(B, 'bench-perf');
    const args = [
      '--topic',
      t,
      '--num-records',
      String(RECORDS),
      '--record-size',
      String(RECORD_SIZE),
      '--throughput',
      '-1',
      '--producer-props',
      `bootstrap.servers=${B}`,
    ];
    const r =
      side === 'ours'
        ? assertOk(await ours(['producer-perf-test', ...args], { captureStdout: true }), 'kafka-lab producer-perf-test')
        : assertOk(await theirs('org.apache.kafka.tools.ProducerPerformance', args, '-Xmx512M', { captureStdout: true }), 'ProducerPerformance');
    await dropTopic(B, t);
    const m = /^(\d+) records sent, ([\d.]+) records\/sec .*99\.9th\.$/m.exec(r.stdout);
    if (!m || Number(m[1]) !== RECORDS) throw new Error(`${side} producer perf: no summary line for ${RECORDS} records`);
    return { ...r, value: Number(m[2]) };
  });
  summarise('producer-perf-test (records/s from its summary)', perf, 'throughput', TARGETS.perf, 'records/s');

  // 5. consumer-perf-test vs ConsumerPerformance (nMsg.sec of its CSV line: time from the first fetch to the last record)
  const cperf = await alternate('consumer-perf-test', async (side) => {
    const args = ['--bootstrap-server', B, '--topic', consTopic, '--messages', String(RECORDS), '--hide-header'];
    const r =
      side === 'ours'
        ? assertOk(await ours(['consumer-perf-test', ...args], { captureStdout: true }), 'kafka-lab consumer-perf-test')
        : assertOk(await theirs('org.apache.kafka.tools.ConsumerPerformance', args, '-Xmx512M', { captureStdout: true }), 'ConsumerPerformance');
    const cols = r.stdout
      .trim()
      .split('\n')
      .pop()
      .split(',')
      .map((c) => c.trim());
    if (Number(cols[4]) < RECORDS) throw new Error(`${side} consumer perf: ${cols[4]} records consumed, expected ${RECORDS}`);
    return { ...r, value: Number(cols[5]) };
  });
  summarise('consumer-perf-test (nMsg.sec from its CSV line)', cperf, 'throughput', TARGETS.perf, 'records/s');

  // 6. growth: the same work at GROWTH[0] and GROWTH[1] records (kafka-lab only)
  await growth(B, add);

  // 7. start-up: --version and --help (no Kafka counterpart: absolute target for --version); node -e 0 as the floor
  for (const [what, args, limit] of [
    ['node -e 0, the floor', ['-e', '0'], undefined],
    ['kafka-lab --version', [BIN, '--version'], TARGETS.versionMs],
    ['kafka-lab --help', [BIN, '--help'], undefined],
  ]) {
    const runs = [];
    for (let i = 0; i < Math.max(RUNS, 5); i++) runs.push(assertOk(await measure(process.execPath, args), what));
    const times = runs.map((r) => r.ms);
    const m = median(times);
    add({
      case: `${what} (wall time; peak RSS ${median(runs.map((r) => r.rssMiB)).toFixed(0)} MiB)`,
      kind: 'time',
      unit: 'ms',
      ours: m,
      theirs: null,
      ratio: null,
      target: limit ? `< ${limit} ms` : 'report',
      pass: limit ? m < limit : null,
      samples: { ours: times },
    });
  }
}

async function linesFile(n) {
  const file = join(work, `input-${n}.txt`);
  if (existsSync(file)) return file;
  const line = 'x'.repeat(RECORD_SIZE - 12);
  const out = createWriteStream(file);
  for (let i = 0; i < n; i++) if (!out.write(`${String(i).padStart(11, '0')}-${line}\n`)) await new Promise((r) => out.once('drain', r));
  await new Promise((r) => out.end(r));
  return file;
}

/** Kafka's ProducerPerformance fills a topic (not timed). */
async function fill(B, topic, n) {
  assertOk(
    await theirs(
      'org.apache.kafka.tools.ProducerPerformance',
      ['--topic', topic, '--num-records', String(n), '--record-size', String(RECORD_SIZE), '--throughput', '-1', '--producer-props', `bootstrap.servers=${B}`],
      '-Xmx512M',
    ),
    `filling ${topic}`,
  );
}

async function producerRun(B, side, acks, input, n) {
  const t = await newTopic(B, `bench-prod-${acks}`);
  const args = ['--bootstrap-server', B, '--topic', t, '--request-required-acks', acks];
  const r =
    side === 'ours'
      ? assertOk(await ours(['console-producer', ...args], { stdinFile: input }), 'kafka-lab console-producer')
      : assertOk(await theirs('kafka.tools.ConsoleProducer', args, '-Xmx512M', { stdinFile: input }), 'ConsoleProducer');
  const sent = await countRecords(B, t);
  if (sent !== n) throw new Error(`${side} console-producer wrote ${sent} records, expected ${n}`);
  await dropTopic(B, t);
  return { ...r, value: n / (r.ms / 1000) };
}

async function consumerRun(B, side, topic, n) {
  const args = ['--bootstrap-server', B, '--topic', topic, '--from-beginning', '--max-messages', String(n)];
  const r =
    side === 'ours'
      ? assertOk(await ours(['console-consumer', ...args]), 'kafka-lab console-consumer')
      : assertOk(await theirs('org.apache.kafka.tools.consumer.ConsoleConsumer', args, '-Xmx512M'), 'ConsoleConsumer');
  const m = /Processed a total of (\d+) messages/.exec(r.stderr);
  if (!m || Number(m[1]) !== n) throw new Error(`${side} console-consumer: ${m ? m[1] : 'no'} messages processed`);
  return { ...r, value: n / (r.ms / 1000) };
}

/** Time and peak RSS of kafka-lab's console-producer (acks=all) and console-consumer at two sizes. */
async function growth(B, add) {
  const [small, large] = GROWTH;
  const topic = await newTopic(B, 'bench-growth');
  await fill(B, topic, large);
  for (const tool of ['console-producer', 'console-consumer']) {
    const at = {};
    for (const n of [small, large]) {
      const input = tool === 'console-producer' ? await linesFile(n) : undefined;
      const samples = [];
      for (let i = 0; i < GROWTH_RUNS; i++) {
        const r = tool === 'console-producer' ? await producerRun(B, 'ours', 'all', input, n) : await consumerRun(B, 'ours', topic, n);
        log(`growth ${tool} ${n}: ${r.ms.toFixed(0)} ms, ${r.rssMiB.toFixed(0)} MiB`);
        samples.push(r);
      }
      at[n] = { ms: median(samples.map((s) => s.ms)), rssMiB: median(samples.map((s) => s.rssMiB)) };
    }
    const timeRatio = at[large].ms / at[small].ms;
    const memRatio = at[large].rssMiB / at[small].rssMiB;
    const x = large / small;
    add({
      case: `${tool}: time ${small.toLocaleString('en-US')} → ${large.toLocaleString('en-US')} records`,
      kind: 'growth',
      unit: 'ms',
      ours: at[large].ms,
      theirs: at[small].ms,
      ratio: timeRatio,
      target: `≤ ${x}x`,
      pass: timeRatio <= x,
    });
    add({
      case: `${tool}: peak RSS ${small.toLocaleString('en-US')} → ${large.toLocaleString('en-US')} records`,
      kind: 'growth',
      unit: 'MiB',
      ours: at[large].rssMiB,
      theirs: at[small].rssMiB,
      ratio: memRatio,
      target: `≤ ${TARGETS.growthMemory}x`,
      pass: memRatio <= TARGETS.growthMemory,
    });
  }
}

async function countRecords(B, topic) {
  const high = runSync(['get-offsets', '--bootstrap-server', B, '--topic', topic, '--time', '-1'], 'get-offsets');
  const low = runSync(['get-offsets', '--bootstrap-server', B, '--topic', topic, '--time', '-2'], 'get-offsets');
  const sum = (text) =>
    text
      .split('\n')
      .filter(Boolean)
      .reduce((n, l) => n + Number(l.split(':').pop()), 0);
  return sum(high) - sum(low);
}

function loadAverage() {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return 'unknown';
  }
}

function fmt(v, unit) {
  if (v === null || v === undefined || Number.isNaN(v)) return '-';
  if (unit === 'records/s') return `${Math.round(v).toLocaleString('en-US')} rec/s`;
  if (unit === 'MiB') return `${v.toFixed(0)} MiB`;
  return `${v.toFixed(0)} ms`;
}

const verdict = (c) => (c.pass === null ? '-' : c.pass ? 'pass' : 'FAIL');

function writeOutputs(results) {
  const sideBySide = results.cases.filter((c) => c.kind !== 'growth');
  const growthRows = results.cases.filter((c) => c.kind === 'growth');
  const cpu = (c) => (c.cpu ? `${fmt(c.cpu.ours, 'ms')} / ${fmt(c.cpu.theirs, 'ms')} (${c.cpu.ratio.toFixed(1)}x)` : '-');
  const md = [
    '# kafka-lab vs Kafka tools: latest benchmark',
    '',
    `Measured ${results.startedAt} with \`npm run bench\`: ${results.runs} alternating runs per case, ${results.records.toLocaleString('en-US')} records of ${results.recordSize} B, one local broker (Apache Kafka ${results.engine}, ZooKeeper mode, 3 partitions) started by kafka-lab, Node ${results.node}. Load average before / after: ${results.load} / ${results.loadAfter}.`,
    'Medians. Ratio: for times, Kafka tool / kafka-lab; for throughputs, kafka-lab / Kafka tool; for peak RSS, kafka-lab / Kafka tool. CPU: user + system time of each process, kafka-lab / Kafka tool (how many times less CPU kafka-lab used).',
    '',
    '| case | kafka-lab | Kafka tool | ratio | target | result | CPU time |',
    '|---|---|---|---|---|---|---|',
    ...sideBySide.map(
      (c) =>
        `| ${c.case} | ${fmt(c.ours, c.unit)} | ${fmt(c.theirs, c.unit)} | ${c.ratio === null ? '-' : `${c.ratio.toFixed(2)}x`} | ${c.target} | ${verdict(c)} | ${cpu(c)} |`,
    ),
    '',
    `## Growth: ${results.growth.map((n) => n.toLocaleString('en-US')).join(' → ')} records (kafka-lab, medians of ${GROWTH_RUNS} runs)`,
    '',
    '| case | small | large | ratio | target | result |',
    '|---|---|---|---|---|---|',
    ...growthRows.map((c) => `| ${c.case} | ${fmt(c.theirs, c.unit)} | ${fmt(c.ours, c.unit)} | ${c.ratio.toFixed(2)}x | ${c.target} | ${verdict(c)} |`),
    '',
    'See bench/README.md for where the time goes and why a target is missed.',
    '',
  ].join('\n');
  writeFileSync(join(ROOT, 'bench', 'results.md'), md);
  writeFileSync(join(ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(md);
}

main().catch((err) => {
  log(`failed: ${err.stack ?? err}`);
  process.exitCode = 1;
});
