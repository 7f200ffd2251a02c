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
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readPropertiesFile } from '../../config/properties.js';
import { KafkaLabError } from '../../errors.js';
import { hints } from '../../hints.js';
import { defaultLogDir, kafkaLabHome, templatesDir } from '../../paths.js';
import { launchServer } from '../../process/launch.js';
import { httpProbe, tcpProbe } from '../../process/readiness.js';
import { type ListedServer, listServers } from '../../process/servers.js';
import { checkPort } from '../../util/ports.js';
import type { ConnectWorkerOptions, ConnectWorkerRecord, EngineInfo } from '../engine.js';
import { buildClasspath } from './classpath.js';
import { usesLog4j2 } from './install.js';
import { checkJava } from './java.js';
import { buildJvmCommand } from './jvm-args.js';
import { runMaven } from '../maven.js';
import { type ConnectMode, type WorkerFacts, workerFacts } from '../../connect/worker-plan.js';

export const CONNECT_MAIN: Record<ConnectMode, string> = {
  standalone: 'org.apache.kafka.connect.cli.ConnectStandalone',
  distributed: 'org.apache.kafka.connect.cli.ConnectDistributed',
};
export const JOLOKIA_ARTIFACT = 'org.jolokia:jolokia-agent-jvm:2.6.0:jar:javaagent';
const JOLOKIA_JAR = 'jolokia-agent-jvm-2.6.0-javaagent.jar';

/** The Jolokia JVM agent jar, fetched once through Maven into $KAFKA_LAB_HOME/agents; undefined when Maven cannot get it. */
export async function ensureJolokiaAgent(env: NodeJS.ProcessEnv, onProgress?: (t: string) => void): Promise<string | undefined> {
  const dir = join(kafkaLabHome(env), 'agents');
  const jar = join(dir, JOLOKIA_JAR);
  if (existsSync(jar)) return jar;
  mkdirSync(dir, { recursive: true });
  onProgress?.('fetching the Jolokia agent (worker metrics) from Maven Central');
  try {
    const r = await runMaven(['org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy', `-Dartifact=${JOLOKIA_ARTIFACT}`, `-DoutputDirectory=${dir}`], {
      cwd: dir,
      env,
      onProgress,
      missingHint: 'the Jolokia agent comes from Maven Central through Maven: install it (e.g. apt-get install maven).',
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
        kind: code === 'ENOENT' ? 'not-found' : 'failed',
        hint: hints.checkPath,
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
        kind: 'not-found',
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
          kind: 'invalid-config',
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
      kind: 'invalid-config',
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
        : `REST listener port ${facts.restPort} is already in use${owner ? ` by ${owner.role === 'connect' ? 'a Connect worker' : owner.role} (pid ${owner.pid}) started by kafka-lab` : ''}`,
      {
        kind: 'process',
        hint:
          state === 'denied'
            ? 'Use a port above 1023 in listeners.'
            : owner?.role === 'connect'
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
      kind: 'connection',
      hint: 'Start a broker first (kafka-lab server-start -daemon server.properties), or fix bootstrap.servers.',
    });
  }
  return { configPath, facts, running };
}

export async function startConnectWorker(engine: EngineInfo, opts: ConnectWorkerOptions): Promise<ConnectWorkerRecord & { exited?: Promise<number> }> {
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
      // KAFKA_OPTS is where kafka-run-class.sh puts agents too
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
  const record: ConnectWorkerRecord = {
    role: 'connect',
    mode: opts.mode,
    pid: 0,
    configFile: configPath,
    address: facts.restUrl.replace(/^https?:\/\//, ''),
    restUrl: facts.restUrl,
    jolokiaPort,
    bootstrapServers: facts.bootstrapServers.join(','),
    connectorFiles,
    logFile,
    engine: engine.id,
    startedAt: new Date().toISOString(),
  };
  const started = await launchServer({
    command: cmd.java,
    args: cmd.args,
    env: childEnv,
    record,
    daemon: opts.daemon,
    what: `the Connect worker (${opts.mode})`,
    probe: () => httpProbe(`${facts.restUrl}/connectors`),
    readyTimeoutMs: opts.readyTimeoutMs,
    onProgress: opts.onProgress,
    onLogLine: opts.onLogLine,
    spawnError: (err) =>
      new KafkaLabError(`cannot start Java (${cmd.java}): ${err.code ?? err.message}`, { kind: 'process', hint: 'Install a JDK 17 or set JAVA_HOME.' }),
  });
  return { ...record, ...started } as ConnectWorkerRecord & { exited?: Promise<number> };
}
