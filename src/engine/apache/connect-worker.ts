/**
 * Kafka Connect workers (ConnectStandalone / ConnectDistributed) as JVM processes from an
 * engine's jars, started like connect-standalone.sh / connect-distributed.sh do: pre-flight
 * checks, a pid file in the run folder, a log file, ready once `GET /connectors` answers 200.
 * kafka-lab also attaches the Jolokia JVM agent on a loopback port (recorded in the pid file)
 * so that `kafka-lab connect top` can read the worker's metrics.
 *
 * This sits next to apache-engine.ts (brokers) and uses the same process table
 * (src/process/servers.ts) with role 'connect'.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readPropertiesFile } from '../../config/properties.js';
import { KafkaLabError } from '../../errors.js';
import { defaultLogDir, kafkaLabHome, runDir, templatesDir } from '../../paths.js';
import { relevantLogLines } from '../../process/log-lines.js';
import { tcpProbe, waitUntilReady } from '../../process/readiness.js';
import { type ListedServer, listServers, removePidFile, stopServer } from '../../process/servers.js';
import { checkPort } from '../../util/ports.js';
import type { EngineInfo, ServerRecord, StopResult } from '../engine.js';
import { buildClasspath } from './classpath.js';
import { usesLog4j2 } from './install.js';
import { checkJava } from './java.js';
import { buildJvmCommand } from './jvm-args.js';
import { type ConnectMode, type WorkerFacts, workerFacts } from '../../connect/worker-plan.js';

export const CONNECT_MAIN: Record<ConnectMode, string> = {
  standalone: 'org.apache.kafka.connect.cli.ConnectStandalone',
  distributed: 'org.apache.kafka.connect.cli.ConnectDistributed',
};
export const CONNECT_PLUGIN_PATH_TOOL = 'org.apache.kafka.tools.ConnectPluginPath';
export const JOLOKIA_ARTIFACT = 'org.jolokia:jolokia-agent-jvm:2.6.0:jar:javaagent';
const JOLOKIA_JAR = 'jolokia-agent-jvm-2.6.0-javaagent.jar';
const DEFAULT_READY_TIMEOUT_MS = 120_000;

/** The pid file of a worker (the process table's JSON record, role 'connect'). */
export interface WorkerRecord extends Omit<ServerRecord, 'role' | 'nodeId'> {
  role: 'connect';
  mode: ConnectMode;
  /** REST URL kafka-lab dials */
  restUrl: string;
  /** loopback port of the Jolokia agent, when attached */
  jolokiaPort?: number;
  bootstrapServers: string;
  connectorFiles: string[];
}

export interface RunningWorker extends WorkerRecord {
  /** Foreground only: resolves with the exit code once the process ends. */
  exited?: Promise<number>;
}

export interface WorkerStartOptions {
  mode: ConnectMode;
  configFile: string;
  /** standalone: connector configs (.properties or .json) */
  connectorFiles: string[];
  daemon: boolean;
  heap?: string;
  readyTimeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  onLogLine?: (line: string) => void;
  onProgress?: (text: string) => void;
  /** attach the Jolokia agent for connect top (default true) */
  metrics?: boolean;
  onWarning?: (text: string) => void;
}

export function workerPidFileName(port: number): string {
  return `connect-${port}.json`;
}

export function isWorkerRecord(s: { role: string }): boolean {
  // the process table's roles are 'zookeeper' | 'broker' today; workers add 'connect'
  return (s.role as string) === 'connect';
}

/** Workers kafka-lab started (from the pid files; stale ones are removed). */
export async function listWorkers(env: NodeJS.ProcessEnv = process.env): Promise<(WorkerRecord & { alive: boolean; pidFile: string })[]> {
  const all = await listServers(env);
  return all.filter((s) => isWorkerRecord(s)) as unknown as (WorkerRecord & { alive: boolean; pidFile: string })[];
}

export async function stopWorker(
  w: WorkerRecord & { pidFile: string },
  opts: { timeoutMs?: number; onWarning?: (m: string) => void } = {},
): Promise<StopResult> {
  return stopServer(w as unknown as ListedServer, {
    timeoutMs: opts.timeoutMs,
    onWarning: (m) => (opts.onWarning ?? ((x: string) => process.stderr.write(`warning: ${x}\n`)))(m.replace(/^broker /, 'Connect worker ')),
  });
}

/** The Jolokia JVM agent jar, fetched once through Maven into $KAFKA_LAB_HOME/agents; undefined when Maven cannot get it. */
export async function ensureJolokiaAgent(env: NodeJS.ProcessEnv, onProgress?: (t: string) => void): Promise<string | undefined> {
  const dir = join(kafkaLabHome(env), 'agents');
  const jar = join(dir, JOLOKIA_JAR);
  if (existsSync(jar)) return jar;
  mkdirSync(dir, { recursive: true });
  const { runMaven } = await import('../../connect/plugin-install.js');
  onProgress?.('fetching the Jolokia agent (worker metrics) from Maven Central');
  try {
    const r = await runMaven(['org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy', `-Dartifact=${JOLOKIA_ARTIFACT}`, `-DoutputDirectory=${dir}`], {
      cwd: dir,
      env,
      onProgress,
    });
    return r.code === 0 && existsSync(jar) ? jar : undefined;
  } catch {
    return undefined;
  }
}

async function freeLoopbackPort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((res, rej) => {
    const s = createServer();
    s.unref();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });
}

/** Are the connector classes of standalone connector files provided by plugin.path or the classpath? */
async function checkConnectorPlugins(
  facts: WorkerFacts,
  configPath: string,
  connectorFiles: string[],
  engine: EngineInfo,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  if (connectorFiles.length === 0) return;
  const { parseConnectorFile } = await import('../../connect/connector-file.js');
  const { findConnectorClass, workerClasspathJars } = await import('../../connect/plugin-install.js');
  const { catalogue, providersOf } = await import('../../connect/plugin-catalogue.js');
  const { jarEntries } = await import('../../connect/jar-index.js');
  const classpathJars = workerClasspathJars(engine.location, env);
  for (const file of connectorFiles) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new KafkaLabError(code === 'ENOENT' ? `connector file not found: ${file}` : `cannot read ${file}: ${code}`, {
        hint: 'Check the path; relative paths are resolved from the current directory.',
      });
    }
    const def = parseConnectorFile(text, file);
    const cls = def.config['connector.class']!;
    const jar = findConnectorClass(cls, facts.pluginPath, classpathJars);
    const installable = catalogue(engine.version).map((e) => e.name);
    const where = facts.pluginPath.length > 0 ? `plugin.path: ${facts.pluginPath.join(',')}` : `plugin.path is not set in ${configPath}`;
    if (!jar) {
      const providers = providersOf(cls, engine.version);
      throw new KafkaLabError(`no installed plugin provides connector.class=${cls} (${file})`, {
        hint:
          providers.length > 0
            ? `Install it: kafka-lab plugin install ${providers[0]!.name} (installable: ${installable.join(', ')}); ${where}`
            : `No plugin kafka-lab knows provides it (installable: ${installable.join(', ')}; or kafka-lab plugin install G:A:V); ${where}`,
      });
    }
    if (facts.pluginDiscovery === 'service_load' && !classpathJars.includes(jar)) {
      const hasManifest = jarEntries(jar).some((n) =>
        /^META-INF\/services\/org\.apache\.kafka\.connect\.(source\.SourceConnector|sink\.SinkConnector)$/.test(n),
      );
      if (!hasManifest)
        throw new KafkaLabError(`plugin.discovery=service_load cannot see ${cls}: ${jar} has no ServiceLoader manifest`, {
          hint: `Add manifests with kafka-lab connect-plugin-path sync-manifests --plugin-path ${facts.pluginPath[0] ?? 'DIR'}, or remove plugin.discovery=service_load.`,
        });
    }
  }
}

/** Pre-flight: required settings, the REST port, the connector plugins, the brokers. */
export async function preflightWorker(
  mode: ConnectMode,
  configFile: string,
  connectorFiles: string[],
  engine: EngineInfo,
  env: NodeJS.ProcessEnv,
): Promise<{ configPath: string; facts: WorkerFacts; running: ListedServer[] }> {
  const configPath = resolve(configFile);
  const props = readPropertiesFile(configPath, 'worker config').toMap();
  const facts = workerFacts(props, mode);
  if (facts.missing.length > 0) {
    throw new KafkaLabError(`${configPath} lacks ${facts.missing.join(', ')} (required by a ${mode} worker)`, {
      hint: `kafka-lab config print connect-${mode} shows a complete worker config.`,
    });
  }
  const running = await listServers(env);
  const state = await checkPort(facts.restHost, facts.restPort);
  if (state !== 'free') {
    const owner = running.find((s) => s.alive && s.address.endsWith(`:${facts.restPort}`));
    throw new KafkaLabError(
      state === 'denied'
        ? `REST listener port ${facts.restPort} needs privileges to bind`
        : `REST listener port ${facts.restPort} is already in use${owner ? ` by ${isWorkerRecord(owner) ? 'a Connect worker' : owner.role} (pid ${owner.pid}) started by kafka-lab` : ''}`,
      {
        hint:
          state === 'denied'
            ? 'Use a port above 1023 in listeners.'
            : owner && isWorkerRecord(owner)
              ? `Stop it first (kafka-lab connect-stop --port ${facts.restPort}) or set another port in listeners (e.g. listeners=http://127.0.0.1:8084).`
              : `Another program listens on ${facts.restPort} (see: ss -ltnp | grep :${facts.restPort}); stop it or set another port in listeners.`,
      },
    );
  }
  await checkConnectorPlugins(facts, configPath, connectorFiles, engine, env);
  const reachable = await Promise.all(
    facts.bootstrapServers.map((s) => {
      const port = Number(s.replace(/^.*:/, ''));
      const host = s.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
      return Number.isInteger(port) && port > 0 ? tcpProbe(host, port, 2000) : Promise.resolve(false);
    }),
  );
  if (!reachable.some(Boolean)) {
    throw new KafkaLabError(`cannot reach the brokers at ${facts.bootstrapServers.join(',')} (bootstrap.servers in ${configPath})`, {
      hint: 'Start a broker first (kafka-lab server-start -daemon server.properties), or fix bootstrap.servers.',
    });
  }
  return { configPath, facts, running };
}

function readLogFrom(file: string, offset: number): string {
  try {
    const buf = readFileSync(file);
    return buf.subarray(Math.min(offset, buf.length)).toString('utf8');
  } catch {
    return '';
  }
}

/** Ready = the REST API lists connectors (it answers 404 while the worker initialises). */
export async function restReady(restUrl: string): Promise<boolean> {
  try {
    const r = await fetch(`${restUrl}/connectors`, { signal: AbortSignal.timeout(2000) });
    await r.arrayBuffer();
    return r.status === 200;
  } catch {
    return false;
  }
}

function writeWorkerRecord(record: WorkerRecord, env: NodeJS.ProcessEnv): string {
  const dir = runDir(env);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, workerPidFileName(Number(record.address.replace(/^.*:/, ''))));
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(record, null, 2)}\n`);
  // readers never see a half-written file
  renameSync(tmp, file);
  return file;
}

export async function startConnectWorker(engine: EngineInfo, opts: WorkerStartOptions): Promise<RunningWorker> {
  const env = opts.env ?? process.env;
  await checkJava(engine.version, env);
  const connectorFiles = opts.connectorFiles.map((f) => resolve(f));
  const { configPath, facts } = await preflightWorker(opts.mode, opts.configFile, connectorFiles, engine, env);
  const port = facts.restPort;
  const logDir = env.LOG_DIR ? env.LOG_DIR : defaultLogDir(`connect-${port}`, env);
  const logFile = join(logDir, env.LOG_DIR ? `connect-${port}.log` : 'connect.log');
  mkdirSync(logDir, { recursive: true });

  const childEnv: NodeJS.ProcessEnv = { ...env };
  let jolokiaPort: number | undefined;
  if (opts.metrics !== false) {
    const agent = await ensureJolokiaAgent(env, opts.onProgress);
    if (agent) {
      jolokiaPort = await freeLoopbackPort();
      childEnv.KAFKA_OPTS = `${env.KAFKA_OPTS ?? ''} -javaagent:${agent}=port=${jolokiaPort},host=127.0.0.1,discoveryEnabled=false`.trim();
    } else opts.onWarning?.('the Jolokia agent could not be fetched from Maven Central: connect top will show states but no worker metrics');
  }
  const log4j2 = usesLog4j2(engine.version);
  const cmd = buildJvmCommand({
    role: 'connect',
    mainClass: CONNECT_MAIN[opts.mode],
    args: [configPath, ...connectorFiles],
    classpath: buildClasspath(engine.location, env),
    logDir,
    loggingConfig: join(templatesDir, 'engine', log4j2 ? 'connect-log4j2.properties' : 'connect-log4j.properties'),
    log4j2,
    heap: opts.heap,
    env: childEnv,
  });
  const record: WorkerRecord = {
    role: 'connect',
    mode: opts.mode,
    pid: 0,
    configFile: configPath,
    address: `${facts.restUrl.replace(/^https?:\/\//, '')}`,
    restUrl: facts.restUrl,
    jolokiaPort,
    bootstrapServers: facts.bootstrapServers.join(','),
    connectorFiles,
    logFile,
    engine: engine.id,
    startedAt: new Date().toISOString(),
  };
  const what = `Connect worker (${opts.mode})`;
  const spawnError = (err: NodeJS.ErrnoException) =>
    new KafkaLabError(`cannot start Java (${cmd.java}): ${err.code ?? err.message}`, { hint: 'Install a JDK 17 or set JAVA_HOME.' });
  const logOffset = existsSync(logFile) ? statSync(logFile).size : 0;
  const timeoutMs = opts.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS;

  if (opts.daemon) {
    const fd = openSync(logFile, 'a');
    let child: ChildProcess;
    try {
      child = spawn(cmd.java, cmd.args, { detached: true, stdio: ['ignore', fd, fd], env: childEnv });
    } finally {
      closeSync(fd);
    }
    let exitInfo: string | undefined;
    let spawnFailure: NodeJS.ErrnoException | undefined;
    child.on('error', (e: NodeJS.ErrnoException) => {
      spawnFailure = e;
      exitInfo = 'spawn failed';
    });
    child.on('exit', (code, signal) => {
      exitInfo = signal ? `killed by ${signal}` : `exit code ${code}`;
    });
    await new Promise((r) => setImmediate(r));
    if (spawnFailure || !child.pid) throw spawnError(spawnFailure ?? Object.assign(new Error('no pid'), { code: 'ENOENT' }));
    record.pid = child.pid;
    const pidFile = writeWorkerRecord(record, env);
    opts.onProgress?.(`waiting for the ${what} (pid ${record.pid}) to answer on ${facts.restUrl}`);
    let outcome: Awaited<ReturnType<typeof waitUntilReady>>;
    try {
      outcome = await waitUntilReady({ probe: () => restReady(facts.restUrl), died: () => exitInfo, timeoutMs, intervalMs: 250 });
    } catch (err) {
      await stopWorker({ ...record, pidFile }, { timeoutMs: 10_000, onWarning: () => {} });
      child.unref();
      throw err;
    }
    child.unref();
    if (outcome.ready) return { ...record };
    if (outcome.reason === 'timeout') await stopWorker({ ...record, pidFile }, { timeoutMs: 10_000, onWarning: () => {} });
    else removePidFile(pidFile);
    throw new KafkaLabError(
      outcome.reason === 'died'
        ? `the ${what} exited while starting (${outcome.detail})`
        : `the ${what} was not ready within ${Math.round(timeoutMs / 1000)} s and was stopped`,
      { hint: `The full log is in ${logFile}`, details: relevantLogLines(readLogFrom(logFile, logOffset)) },
    );
  }

  // foreground: own process group so that only we decide how the JVM is signalled
  const child = spawn(cmd.java, cmd.args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: childEnv });
  const spawned = await new Promise<NodeJS.ErrnoException | undefined>((r) => {
    child.once('spawn', () => r(undefined));
    child.once('error', (e: NodeJS.ErrnoException) => r(e));
  });
  if (spawned || !child.pid) throw spawnError(spawned ?? Object.assign(new Error('no pid'), { code: 'ENOENT' }));
  record.pid = child.pid;
  const pidFile = writeWorkerRecord(record, env);
  const logFd = openSync(logFile, 'a');
  const onLine = opts.onLogLine ?? ((l: string) => process.stdout.write(`${l}\n`));
  const pump = (stream: NodeJS.ReadableStream) => {
    let pending = '';
    stream.setEncoding('utf8');
    stream.on('data', (d: string) => {
      writeFileSync(logFd, d);
      pending += d;
      const parts = pending.split('\n');
      pending = parts.pop() ?? '';
      for (const p of parts) onLine(p);
    });
    stream.on('end', () => {
      if (pending) onLine(pending);
    });
  };
  pump(child.stdout!);
  pump(child.stderr!);
  const exited = new Promise<number>((r) => {
    child.on('close', (code, signal) => {
      closeSync(logFd);
      removePidFile(pidFile);
      r(code ?? (signal === 'SIGINT' ? 130 : signal === 'SIGKILL' ? 137 : 143));
    });
  });
  return { ...record, exited };
}
