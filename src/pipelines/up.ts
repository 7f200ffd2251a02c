/**
 * `cluster up` of a data-lake lab, in order: the brokers (src/cluster/up.ts) and, meanwhile,
 * the database with its seed table, the lake (HDFS, or a local folder) and mosquitto; then the
 * lab's topics, the two Connect workers, then every connector applied through its worker's REST
 * API and waited for until its tasks run. Everything is checked before the first process starts; a failure (or
 * Ctrl-C) stops whatever this run started, in reverse order.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { DEFAULT_HDFS_PORTS, type HdfsPorts, seedDatabase, startDatabase, startHdfs, startMqtt } from '../components/index.js';
import { parseConnectorFile } from '../connect/connector-file.js';
import { ConnectApiError, ConnectClient } from '../connect/rest.js';
import { waitForConnector } from '../connect/run.js';
import type { LoadedLab } from '../cluster/lab.js';
import { type LabProcess, labProcesses, type ProcessRow, recordOf } from '../cluster/processes.js';
import { startLab } from '../cluster/up.js';
import { type Engine, type ListedServer, listServers, resolveEngine } from '../engine/index.js';
import { KafkaLabError } from '../errors.js';
import { currentEnv } from '../output/io.js';
import { checkPort } from '../util/ports.js';
import { stopStarted } from './down.js';
import { assertLabPlugins } from './plugins.js';
import { pipelineProcesses, type PipelineProcess, recordOfPipeline } from './processes.js';
import type { PipelinesSection } from './types.js';

export interface PipelineRow extends PipelineProcess {
  pid?: number;
  state: string;
}

export interface ConnectorOutcome {
  worker: string;
  connector: string;
  result: 'created' | 'updated' | 'unchanged';
  state: string;
  tasks: string;
}

export interface PipelinesUpResult {
  brokers: ProcessRow[];
  components: PipelineRow[];
  connectors: ConnectorOutcome[];
}

export interface PipelinesUpOptions {
  onProgress?: (text: string) => void;
  env?: NodeJS.ProcessEnv;
  readyTimeoutMs?: number;
  /** filled as processes start, so that a Ctrl-C handler can stop them */
  started?: { brokers: LabProcess[]; components: PipelineProcess[] };
  /** how long each connector may take to run its tasks (default 120 s) */
  connectorWaitMs?: number;
}

/** Ports of the lab's components that must be free because they are not running yet. */
async function assertLabPorts(lab: LoadedLab, p: PipelinesSection, toStart: PipelineProcess[], servers: ListedServer[]): Promise<void> {
  const ports: { port: number; owner: string }[] = [];
  // the brokers' too: they start at the same time as the other servers
  for (const x of labProcesses(lab).filter((b) => !recordOf(b, servers)?.alive)) {
    if (x.role === 'zookeeper') ports.push({ port: lab.manifest.zookeeper!.port, owner: 'zookeeper' });
    else {
      const node = lab.manifest.nodes.find((n) => n.id === x.nodeId)!;
      ports.push({ port: node.port, owner: x.name }, ...(node.controllerPort ? [{ port: node.controllerPort, owner: `${x.name} (controller)` }] : []));
    }
  }
  for (const x of toStart) {
    if (x.name === 'namenode')
      ports.push({ port: p.lake.hdfs!.ports.rpc, owner: 'HDFS NameNode RPC' }, { port: p.lake.hdfs!.ports.http, owner: 'HDFS NameNode HTTP' });
    else if (x.name === 'datanode') {
      const h = p.lake.hdfs!.ports;
      ports.push(
        { port: h.datanode, owner: 'HDFS DataNode' },
        { port: h.datanodeHttp, owner: 'HDFS DataNode HTTP' },
        { port: h.datanodeIpc, owner: 'HDFS DataNode IPC' },
      );
    } else ports.push({ port: Number(x.address.replace(/^.*:/, '')), owner: x.name });
  }
  for (const { port, owner } of ports) {
    if ((await checkPort('127.0.0.1', port)) !== 'free')
      throw new KafkaLabError(`port ${port} of the lab (${owner}) is already in use`, {
        kind: 'process',
        hint: `Another program listens on ${port} (see: ss -ltnp | grep :${port}); stop it or scaffold the lab again with another --base-port.`,
      });
  }
}

export async function createLabTopics(bootstrap: string, p: PipelinesSection): Promise<string[]> {
  const { openClient } = await import('../client/connection.js');
  const { createTopics, listTopicNames } = await import('../client/admin.js');
  const client = await openClient({ bootstrapServer: bootstrap, timeout: 15_000 });
  try {
    const existing = new Set(await listTopicNames(client));
    const missing = p.topics.filter((t) => !existing.has(t.name));
    if (missing.length === 0) return [];
    const results = await createTopics(
      client,
      missing.map((t) => ({ name: t.name, partitions: t.partitions, replicationFactor: t.replicationFactor })),
      30_000,
    );
    // 36: created meanwhile by a connector (TOPIC_ALREADY_EXISTS)
    const bad = results.find((r) => r.errorCode !== 0 && r.errorCode !== 36);
    if (bad)
      throw new KafkaLabError(`creating topic ${bad.name} failed: ${bad.errorMessage ?? `error code ${bad.errorCode}`}`, {
        kind: 'broker',
        hint: 'kafka-lab cluster status shows whether every broker is registered.',
      });
    return missing.map((t) => t.name);
  } finally {
    await client.close();
  }
}

export function sameConfig(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && a[k] === b[k]);
}

/** PUT each connector file to its worker (unless it holds that config already), then wait until its tasks run. */
export async function applyConnectors(p: PipelinesSection, waitMs: number, onProgress?: (t: string) => void): Promise<ConnectorOutcome[]> {
  const jobs = p.workers.flatMap((w) =>
    w.connectors.map(async (c): Promise<ConnectorOutcome> => {
      const client = new ConnectClient({ url: w.restUrl, timeoutMs: 30_000 });
      const def = parseConnectorFile(readFileSync(c.file, 'utf8'), c.file);
      const current = await client.connector(def.name).then(
        (i) => i.config,
        (err) => {
          if (err instanceof ConnectApiError && err.status === 404) return undefined;
          throw err;
        },
      );
      if (current && sameConfig(current, def.config)) {
        // already applied: a PUT would bounce it; report its state as it is (a FAILED task stays visible)
        const s = await client.status(def.name);
        return {
          worker: w.name,
          connector: def.name,
          result: 'unchanged',
          state: s.connector.state,
          tasks: s.tasks.map((t) => `${t.id}: ${t.state}`).join(', '),
        };
      }
      const r = await client.putConfig(def.name, def.config);
      onProgress?.(`connector ${def.name} ${r.created ? 'created' : 'updated'} on the ${w.name} worker; waiting for its tasks`);
      const s = await waitForConnector(client, def.name, waitMs);
      return {
        worker: w.name,
        connector: def.name,
        result: r.created ? 'created' : 'updated',
        state: s.connector.state,
        tasks: s.tasks.map((t) => `${t.id}: ${t.state}`).join(', '),
      };
    }),
  );
  const settled = await Promise.allSettled(jobs);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<ConnectorOutcome>).value);
}

export async function startPipelinesLab(lab: LoadedLab, o: PipelinesUpOptions = {}): Promise<PipelinesUpResult> {
  const p = lab.manifest.pipelines!;
  const env = o.env ?? currentEnv();
  const progress = o.onProgress ?? (() => {});
  const started = o.started ?? { brokers: [], components: [] };
  const servers = await listServers(env);
  const procs = pipelineProcesses(p);
  const running = new Map(procs.flatMap((x) => (recordOfPipeline(x, servers)?.alive ? [[x.name, recordOfPipeline(x, servers)!] as const] : [])));
  const toStart = procs.filter((x) => !running.has(x.name));

  // pre-flight: plugins, engine, ports, before the first process starts
  assertLabPlugins(p);
  const engine = await resolveEngine({ version: lab.manifest.engineVersion, env });
  await assertLabPorts(lab, p, toStart, servers);

  try {
    return await startAll(lab, p, engine, procs, running, started, env, progress, o);
  } catch (err) {
    progress('start failed: stopping what was started');
    await stopStarted(started, env).catch(() => undefined);
    throw err;
  }
}

async function startAll(
  lab: LoadedLab,
  p: PipelinesSection,
  engine: Engine,
  procs: PipelineProcess[],
  running: Map<string, ListedServer>,
  started: { brokers: LabProcess[]; components: PipelineProcess[] },
  env: NodeJS.ProcessEnv,
  progress: (t: string) => void,
  o: PipelinesUpOptions,
): Promise<PipelinesUpResult> {
  const rows = new Map<string, PipelineRow>();
  const note = (x: PipelineProcess, pid: number, state: string) => rows.set(x.name, { ...x, pid, state });
  const byName = (n: string) => procs.find((x) => x.name === n)!;
  for (const [name, r] of running) note(byName(name), r.pid, 'already running');

  // the database, the lake and mosquitto need nothing from the brokers: they start meanwhile
  const servers = async () => {
    const db = byName(p.db.kind);
    if (!running.has(db.name)) {
      started.components.push(db);
      const r = await startDatabase({ kind: p.db.kind, dir: p.db.dir, port: p.db.port, env, onProgress: progress, readyTimeoutMs: o.readyTimeoutMs });
      note(db, r.record.pid, 'started');
    }
    progress(`seeding ${p.db.database}.${p.db.table}`);
    await seedDatabase(recordOfPipeline(db, await listServers(env))!, env);

    if (p.lake.hdfs) {
      const h = p.lake.hdfs;
      const nn = byName('namenode');
      const dn = byName('datanode');
      if (!running.has('namenode') || !running.has('datanode')) {
        started.components.push(...[nn, dn].filter((x) => !running.has(x.name)));
        const ports: HdfsPorts = { ...DEFAULT_HDFS_PORTS, ...h.ports };
        const r = await startHdfs({ dir: h.dir, ports, heap: h.heap, env, onProgress: progress, readyTimeoutMs: o.readyTimeoutMs });
        if (!running.has('namenode')) note(nn, r.namenode.pid, 'started');
        if (!running.has('datanode')) note(dn, r.datanode.pid, 'started');
      }
    } else {
      mkdirSync(p.lake.localDir!, { recursive: true });
    }

    const mq = byName('mosquitto');
    if (!running.has('mosquitto')) {
      started.components.push(mq);
      const r = await startMqtt({ dir: p.mqtt.dir, port: p.mqtt.port, env, onProgress: progress });
      note(mq, r.record.pid, 'started');
    }
  };
  const [brokerStart, serverStart] = await Promise.allSettled([
    startLab(lab, { env, onProgress: progress, readyTimeoutMs: o.readyTimeoutMs, started: started.brokers }),
    servers(),
  ]);
  if (brokerStart.status === 'rejected') throw brokerStart.reason;
  if (serverStart.status === 'rejected') throw serverStart.reason;
  const brokers = brokerStart.value;

  progress(`creating the topics ${p.topics.map((t) => t.name).join(', ')}`);
  await createLabTopics(lab.manifest.bootstrapServers, p);

  // the two workers start together: each is its own Connect cluster
  const workers = p.workers.filter((w) => !running.has(`connect-${w.name}`));
  progress(`starting the ${workers.map((w) => w.name).join(' and ')} worker${workers.length === 1 ? '' : 's'}`);
  started.components.push(...workers.map((w) => byName(`connect-${w.name}`)));
  const outcomes = await Promise.allSettled(
    workers.map(async (w) => {
      const r = await engine.startConnectWorker({
        mode: 'distributed',
        configFile: w.configFile,
        connectorFiles: [],
        daemon: true,
        heap: w.heap,
        env: { ...env, LOG_DIR: w.logDir },
        readyTimeoutMs: o.readyTimeoutMs ?? 180_000,
        onProgress: (t) => progress(`${w.name} worker: ${t}`),
      });
      note(byName(`connect-${w.name}`), r.pid, 'started');
    }),
  );
  const failed = outcomes.find((x): x is PromiseRejectedResult => x.status === 'rejected');
  if (failed) throw failed.reason;

  progress('applying the connectors through the REST API');
  const connectors = await applyConnectors(p, o.connectorWaitMs ?? 120_000, progress);
  return { brokers, components: procs.map((x) => rows.get(x.name) ?? { ...x, state: 'not started' }), connectors };
}
