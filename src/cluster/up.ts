/**
 * `cluster up` and `cluster start-broker`: pre-flight the whole lab, then ZooKeeper, then all
 * brokers in parallel as daemons, then wait until every broker is registered and a controller
 * is elected. A failure stops whatever this run started.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { KafkaLabError } from '../errors.js';
import { hints } from '../hints.js';
import { listServers, resolveEngine, serverLabel, type Engine, type ListedServer, type RunningServer } from '../engine/index.js';
import { labAdminConfig, type LoadedLab } from './lab.js';
import { labProcesses, recordOf, type LabProcess, type ProcessRow } from './processes.js';
import { portIsFree } from '../util/ports.js';
import { stopProcesses } from './down.js';
import { formatProperties, readPropertiesFile } from '../config/properties.js';
import { SCRAM_USERS_FILE } from './scaffold.js';
import { currentEnv } from '../output/io.js';

export interface UpOptions {
  /** start only these broker ids (start-broker); ZooKeeper is then not started */
  only?: number[];
  onProgress?: (text: string) => void;
  env?: NodeJS.ProcessEnv;
  readyTimeoutMs?: number;
  /** set by a Ctrl-C handler: what this run started, so that it can be stopped */
  started?: LabProcess[];
  /** aborted on Ctrl-C: nothing more is started, and what was started is stopped */
  signal?: AbortSignal;
}

function interruptedError(): KafkaLabError {
  return new KafkaLabError('interrupted: stopped what had been started', { kind: 'interrupted' });
}

const ZOOKEEPER_HEAP = '256m';

function ports(lab: LoadedLab, p: LabProcess): number[] {
  if (p.role === 'zookeeper') return lab.zookeeper ? [lab.zookeeper.config.clientPort] : [];
  const b = lab.brokers.find((x) => x.node.id === p.nodeId);
  return b ? b.config.listeners.map((l) => l.port).filter((x) => x > 0) : [];
}

/** Fails with one line naming the file (and the server of kafka-lab's that holds it) when a port of a process to start is taken. */
async function assertPortsFree(lab: LoadedLab, toStart: LabProcess[], servers: ListedServer[]): Promise<void> {
  for (const p of toStart) {
    for (const port of ports(lab, p)) {
      if (!(await portIsFree(port))) {
        const owner = servers.find((s) => s.alive && s.address.endsWith(`:${port}`));
        const ownerLab = owner && existsSync(join(dirname(owner.configFile), 'cluster.json')) ? dirname(owner.configFile) : undefined;
        throw new KafkaLabError(
          `port ${port} of ${p.name} (${p.configFile}) is already in use${owner ? ` by ${serverLabel(owner)} (pid ${owner.pid}) started by kafka-lab from ${owner.configFile}` : ''}`,
          {
            kind: 'process',
            hint: ownerLab
              ? `Another lab runs there: stop it first (kafka-lab cluster down --dir ${ownerLab}), or scaffold this lab with another --base-port / --zookeeper-port.`
              : 'Another process listens there (ss -ltnp shows which); stop it, or scaffold the lab again with another --base-port / --zookeeper-port.',
          },
        );
      }
    }
  }
}

/** @deprecated the machinery connects as admin: use labAdminConfig (src/cluster/lab.ts) */
export const labClientConfig = labAdminConfig;

/** SCRAM users of the lab (name, password) from its secrets file; empty without SCRAM. */
function scramUsers(lab: LoadedLab): [string, string][] {
  if (!lab.manifest.scramMechanisms?.length) return [];
  const path = join(lab.dir, SCRAM_USERS_FILE);
  if (!existsSync(path))
    throw new KafkaLabError(`${path} is missing: the SCRAM users of this lab cannot be created`, {
      kind: 'invalid-config',
      hint: hints.regenerateLab,
    });
  return [...readPropertiesFile(path, 'SCRAM users file').toMap()];
}

/** `MECHANISM=[password=...]` pairs for one user, as ConfigCommand and kafka-storage take them. */
function scramValues(lab: LoadedLab, user: string, password: string): string[] {
  return (lab.manifest.scramMechanisms ?? []).map((m) => `${m}=[${user ? `name=${user},` : ''}password=${password}]`);
}

/** ZooKeeper mode: SCRAM users must be in ZooKeeper before a broker authenticates its peers. */
async function createZooKeeperScramUsers(engine: Engine, lab: LoadedLab, onProgress?: (t: string) => void): Promise<void> {
  const users = scramUsers(lab);
  if (users.length === 0 || !lab.zookeeper) return;
  onProgress?.(`creating SCRAM users ${users.map(([u]) => u).join(', ')}`);
  const zk = `${lab.manifest.zookeeper!.host}:${lab.manifest.zookeeper!.port}`;
  for (const [user, password] of users) {
    // the password goes in an owner-only file, never on the JVM's command line (ps shows that)
    const tmp = mkdtempSync(join(tmpdir(), 'kafka-lab-scram-'));
    const file = join(tmp, 'scram.properties');
    writeFileSync(file, formatProperties((lab.manifest.scramMechanisms ?? []).map((m) => [m, `password=${password}`])), { mode: 0o600 });
    let r: Awaited<ReturnType<typeof engine.runTool>>;
    try {
      r = await engine.runTool(
        'kafka.admin.ConfigCommand',
        ['--zookeeper', zk, '--alter', '--add-config-file', file, '--entity-type', 'users', '--entity-name', user],
        { timeoutMs: 60_000 },
      );
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
    if (r.exitCode !== 0) {
      const lines = `${r.stderr}\n${r.stdout}`
        .split('\n')
        .filter((l) => l.trim() && !/^\s+at /.test(l))
        .map((l) => l.split(password).join('[hidden]'));
      throw new KafkaLabError(`creating the SCRAM user '${user}' in ZooKeeper failed (exit ${r.exitCode})`, {
        kind: 'process',
        hint: 'See the lines above; ZooKeeper must be running.',
        details: lines.slice(0, 6),
      });
    }
  }
}

async function formatKraftStorage(engine: Engine, lab: LoadedLab, toStart: LabProcess[], onProgress?: (t: string) => void): Promise<void> {
  const clusterId = lab.manifest.clusterId;
  if (!clusterId)
    throw new KafkaLabError(`${join(lab.dir, 'cluster.json')} has no clusterId for this KRaft lab`, {
      kind: 'invalid-config',
      hint: hints.regenerateLab,
    });
  const unformatted = toStart.filter((p) => !existsSync(join(p.dataDir, 'meta.properties')));
  if (unformatted.length === 0) return;
  onProgress?.(`formatting the storage of ${unformatted.map((p) => p.name).join(', ')} (cluster id ${clusterId})`);
  const scram = scramUsers(lab).flatMap(([user, password]) => scramValues(lab, user, password));
  await Promise.all(unformatted.map((p) => engine.formatStorage(p.configFile, clusterId, { ignoreFormatted: true, scram })));
}

/** Polls describeCluster until all expected brokers are registered and a controller is known. */
/** Creates __consumer_offsets (the first FindCoordinator does) and waits until every partition has a full ISR. */
export async function ensureGroupCoordinator(
  bootstrap: string,
  commandConfig: string | undefined,
  timeoutMs: number,
  onProgress?: (text: string) => void,
): Promise<void> {
  const { openClient } = await import('../client/connection.js');
  const { ensureOffsetsTopic } = await import('../client/admin.js');
  const client = await openClient({ bootstrapServer: bootstrap, commandConfig, timeout: 10_000 });
  try {
    onProgress?.('creating __consumer_offsets (the group coordinator) and waiting until it is fully replicated');
    await ensureOffsetsTopic(client, Date.now() + timeoutMs, (what) => onProgress?.(what));
  } catch (err) {
    throw new KafkaLabError(`the group coordinator is not ready: ${(err as Error).message}`, {
      kind: 'timeout',
      hint: 'Check offsets.topic.replication.factor in the server configs (at most the number of brokers) and the broker logs.',
    });
  } finally {
    await client.close();
  }
}

export async function waitForCluster(
  bootstrap: string,
  expectedIds: number[],
  timeoutMs: number,
  onProgress?: (text: string) => void,
  commandConfig?: string,
  signal?: AbortSignal,
): Promise<{ brokers: number[]; controller: number }> {
  const { openClient } = await import('../client/connection.js');
  const end = Date.now() + timeoutMs;
  let last = { brokers: [] as number[], controller: -1 };
  while (Date.now() < end) {
    if (signal?.aborted) throw interruptedError();
    try {
      const client = await openClient({ bootstrapServer: bootstrap, commandConfig, timeout: 5000 });
      const c = await client.metadata([]).finally(() => client.close());
      last = { brokers: c.brokers.map((b) => b.nodeId).sort((a, b) => a - b), controller: c.controllerId };
      if (expectedIds.every((id) => last.brokers.includes(id)) && last.controller >= 0) return last;
      onProgress?.(`${last.brokers.length} of ${expectedIds.length} brokers registered${last.controller >= 0 ? `, controller ${last.controller}` : ''}`);
    } catch {
      /* not reachable yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  const missing = expectedIds.filter((id) => !last.brokers.includes(id));
  throw new KafkaLabError(
    missing.length > 0
      ? `broker(s) ${missing.join(', ')} did not register within ${Math.round(timeoutMs / 1000)} s`
      : `no controller was elected within ${Math.round(timeoutMs / 1000)} s`,
    { kind: 'timeout', hint: 'kafka-lab cluster status shows each process; their logs are under logs/ in the lab folder.' },
  );
}

export async function startLab(lab: LoadedLab, opts: UpOptions = {}): Promise<ProcessRow[]> {
  const env = opts.env ?? currentEnv();
  const all = labProcesses(lab);
  const wanted = opts.only ? all.filter((p) => p.nodeId !== undefined && opts.only!.includes(p.nodeId)) : all;
  const servers = await listServers(env);
  const alreadyRunning = new Map(
    wanted.flatMap((p) => {
      const r = recordOf(p, servers);
      return r?.alive ? [[p.name, r] as const] : [];
    }),
  );
  const toStart = wanted.filter((p) => !alreadyRunning.has(p.name));

  // pre-flight everything before the first JVM starts
  const engine = await resolveEngine({ version: lab.manifest.engineVersion, env });
  await assertPortsFree(lab, toStart, servers);
  if (opts.only && lab.manifest.mode === 'zookeeper') {
    const zk = all.find((p) => p.role === 'zookeeper');
    if (zk && !recordOf(zk, servers)?.alive) {
      throw new KafkaLabError('ZooKeeper of this lab is not running', { kind: 'process', hint: 'Start the whole lab with kafka-lab cluster up.' });
    }
  }

  const started = opts.started ?? [];
  const results = new Map<string, RunningServer>();
  const checkInterrupted = () => {
    if (opts.signal?.aborted) throw interruptedError();
  };
  try {
    checkInterrupted();
    if (lab.manifest.mode === 'kraft') await formatKraftStorage(engine, lab, toStart, opts.onProgress);
    const zk = toStart.find((p) => p.role === 'zookeeper');
    if (zk) {
      checkInterrupted();
      opts.onProgress?.('starting ZooKeeper');
      started.push(zk);
      results.set(
        zk.name,
        await engine.startZooKeeper({
          configFile: zk.configFile,
          overrides: [],
          daemon: true,
          logDir: zk.serverLogDir,
          heap: ZOOKEEPER_HEAP,
          env,
          readyTimeoutMs: opts.readyTimeoutMs,
        }),
      );
      await createZooKeeperScramUsers(engine, lab, opts.onProgress);
    }
    const brokers = toStart.filter((p) => p.role !== 'zookeeper');
    checkInterrupted();
    opts.onProgress?.(`starting ${brokers.map((b) => b.name).join(', ')}`);
    started.push(...brokers);
    const outcomes = await Promise.allSettled(
      brokers.map(async (b) => {
        const r = await engine.startBroker({
          configFile: b.configFile,
          overrides: [],
          daemon: true,
          logDir: b.serverLogDir,
          heap: lab.manifest.heap,
          env,
          readyTimeoutMs: opts.readyTimeoutMs,
          zooKeeperWaitMs: 15_000,
          clientConfig: labAdminConfig(lab),
        });
        results.set(b.name, r);
      }),
    );
    checkInterrupted();
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed) throw failed.reason;
    const expected = wanted.filter((p) => p.nodeId !== undefined).map((p) => p.nodeId!);
    opts.onProgress?.('waiting until every broker is registered and a controller is elected');
    await waitForCluster(
      lab.manifest.bootstrapServers,
      opts.only ? expected : lab.manifest.nodes.map((n) => n.id),
      opts.readyTimeoutMs ?? 120_000,
      opts.onProgress,
      labAdminConfig(lab),
      opts.signal,
    );
    // groups must work even while one broker is stopped later: __consumer_offsets now, fully replicated
    if (!opts.only) await ensureGroupCoordinator(lab.manifest.bootstrapServers, labAdminConfig(lab), opts.readyTimeoutMs ?? 120_000, opts.onProgress);
  } catch (err) {
    opts.onProgress?.(opts.signal?.aborted ? 'interrupted: stopping what was started' : 'start failed: stopping what was started');
    await stopProcesses(started, { env }).catch(() => []);
    throw opts.signal?.aborted ? interruptedError() : err;
  }

  return wanted.map((p) => {
    const r = results.get(p.name) ?? alreadyRunning.get(p.name);
    return { ...p, pid: r?.pid, logFile: r?.logFile, state: results.has(p.name) ? 'started' : 'already running' };
  });
}
