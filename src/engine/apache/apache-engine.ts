/**
 * The Apache engine: ZooKeeper and Kafka brokers as JVM processes from an engine's jars,
 * started the way kafka-run-class.sh does, with pre-flight checks, pid files, readiness
 * waits and KRaft storage formatting on first start.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { KafkaLabError } from '../../errors.js';
import { hints } from '../../hints.js';
import { formatProperties, readPropertiesFile } from '../../config/properties.js';
import { defaultLogDir, templatesDir } from '../../paths.js';
import type { ConnectWorkerOptions, ConnectWorkerRecord, Engine, EngineInfo, RunClassOptions, RunningServer, ServerRecord, StartOptions } from '../engine.js';
import { listServers, type ListedServer } from '../../process/servers.js';
import { launchServer } from '../../process/launch.js';
import { brokerReady, tcpProbe } from '../../process/readiness.js';
import { preflightBroker, preflightZooKeeper, clusterKey } from '../preflight.js';
import { randomClusterId, storedClusterId } from '../cluster-id.js';
import { brokerFacts, dialHost, type BrokerFacts } from './config-facts.js';
import { buildClasspath } from './classpath.js';
import { jarClasses } from '../../connect/jar-index.js';
import { buildJvmCommand, type JvmRole } from './jvm-args.js';
import { checkJava } from './java.js';
import { usesLog4j2 } from './install.js';
import { currentEnv } from '../../output/io.js';
import { out } from '../../output/output.js';

const ZOOKEEPER_MAIN = 'org.apache.zookeeper.server.quorum.QuorumPeerMain';
const KAFKA_MAIN = 'kafka.Kafka';
const STORAGE_TOOL = 'kafka.tools.StorageTool';

function isFormatted(dir: string): boolean {
  return existsSync(join(dir, 'meta.properties'));
}

function javaSpawnError(java: string) {
  return (err: NodeJS.ErrnoException) =>
    new KafkaLabError(`cannot start Java (${java}): ${err.code ?? err.message}`, { kind: 'process', hint: hints.installJava });
}

export class ApacheEngine implements Engine {
  constructor(
    readonly info: EngineInfo,
    private readonly libsDir: string,
  ) {}

  private loggingConfig(kind: 'server' | 'tools'): string {
    const v2 = usesLog4j2(this.info.version);
    return join(templatesDir, 'engine', `${v2 ? 'log4j2' : 'log4j'}${kind === 'tools' ? '-tools' : ''}.properties`);
  }

  private command(role: JvmRole, mainClass: string, args: string[], logDir: string, env: NodeJS.ProcessEnv, heap?: string) {
    return buildJvmCommand({
      role,
      mainClass,
      args,
      classpath: buildClasspath(this.libsDir, env),
      logDir,
      loggingConfig: this.loggingConfig(role === 'tool' ? 'tools' : 'server'),
      log4j2: usesLog4j2(this.info.version),
      heap,
      env,
    });
  }

  async startZooKeeper(opts: StartOptions): Promise<RunningServer> {
    const env = opts.env ?? currentEnv();
    if (!this.info.supportsZooKeeper) {
      throw new KafkaLabError(`Kafka ${this.info.version} has no ZooKeeper: Kafka 4.0 removed ZooKeeper mode`, {
        kind: 'unsupported',
        hint: 'Use a 3.9 engine (kafka-lab zookeeper-start --engine 3.9.2 ...), or run KRaft without ZooKeeper (kafka-lab config print kraft/server).',
      });
    }
    const running = await listServers(env);
    // the file first (a wrong file is the more direct answer), then Java, then ports
    const pre = await preflightZooKeeper(opts.configFile, opts.overrides, running, () => checkJava(this.info.version, env));
    const { logDir, logFile } = this.logLocation(`zookeeper-${pre.facts.clientPort}`, opts, running);
    let configFile = pre.config.path;
    if (opts.overrides.length > 0) {
      // QuorumPeerMain has no --override: hand it the merged file instead
      configFile = join(logDir, 'zookeeper.effective.properties');
      writeFileSync(configFile, formatProperties(pre.config.props, `effective config: ${pre.config.path} + --override`));
    }
    const host = dialHost(pre.facts.clientPortAddress ?? '');
    const record: ServerRecord = {
      role: 'zookeeper',
      pid: 0,
      configFile,
      address: `${host}:${pre.facts.clientPort}`,
      logFile,
      engine: this.info.id,
      startedAt: new Date().toISOString(),
    };
    const cmd = this.command('zookeeper', ZOOKEEPER_MAIN, [configFile], logDir, env, opts.heap);
    return this.launch(cmd, record, opts, env, 'ZooKeeper');
  }

  async startConnectWorker(opts: ConnectWorkerOptions): Promise<ConnectWorkerRecord & { exited?: Promise<number> }> {
    const { startConnectWorker } = await import('./connect-worker.js');
    return startConnectWorker(this.info, opts);
  }

  async startBroker(opts: StartOptions): Promise<RunningServer> {
    const env = opts.env ?? currentEnv();
    const running = await listServers(env);
    // the file first (a wrong file is the more direct answer), then Java, then ports and ZooKeeper
    const pre = await preflightBroker(opts.configFile, opts.overrides, {
      supportsZooKeeper: this.info.supportsZooKeeper,
      engineVersion: this.info.version,
      running,
      zkWaitMs: opts.zooKeeperWaitMs,
      checkRuntime: () => checkJava(this.info.version, env),
    });
    const { facts } = pre;
    if (facts.mode === 'kraft') await this.formatIfNeeded(pre.config.path, facts, opts.overrides, running, opts);
    const port = facts.clientAddress?.replace(/^.*:/, '') ?? String(facts.listeners[0]?.port ?? '');
    const { logDir, logFile } = this.logLocation(`broker-${facts.nodeId ?? 'auto'}`, opts, running, port);
    const controllerListener = facts.listeners.find((l) => facts.controllerListenerNames.includes(l.name));
    const address = facts.clientAddress ?? `${dialHost(controllerListener?.host ?? '')}:${controllerListener?.port ?? port}`;
    const record: ServerRecord = {
      role: 'broker',
      pid: 0,
      nodeId: facts.nodeId,
      configFile: pre.config.path,
      address,
      logFile,
      engine: this.info.id,
      startedAt: new Date().toISOString(),
    };
    const args = [pre.config.path, ...opts.overrides.flatMap(([k, v]) => ['--override', `${k}=${v}`])];
    const cmd = this.command('broker', KAFKA_MAIN, args, logDir, env, opts.heap);
    const probe = facts.clientAddress
      ? () => brokerReady(facts.clientAddress!, facts.nodeId, opts.clientConfig)
      : () => tcpProbe(dialHost(controllerListener?.host ?? ''), controllerListener?.port ?? Number(port));
    return this.launch(cmd, record, opts, env, `broker ${facts.nodeId ?? ''}`.trim(), probe);
  }

  /** LOG_DIR (shared, one file per server), or the caller's folder, or one folder per server. */
  private logLocation(name: string, opts: StartOptions, running: ListedServer[], port?: string): { logDir: string; logFile: string } {
    const env = opts.env ?? currentEnv();
    let logDir: string;
    let logFile: string;
    if (opts.logDir) {
      logDir = opts.logDir;
      logFile = join(logDir, 'server.log');
    } else if (env.LOG_DIR) {
      logDir = env.LOG_DIR;
      logFile = join(logDir, `${name}.log`);
    } else {
      logDir = defaultLogDir(name, env);
      logFile = join(logDir, 'server.log');
    }
    if (port && running.some((s) => s.alive && s.logFile === logFile)) {
      // another running server (of another lab) writes there: never share a log file
      return this.logLocation(`${name}-${port}`, opts, [], undefined);
    }
    mkdirSync(logDir, { recursive: true });
    return { logDir, logFile };
  }

  private async formatIfNeeded(
    configPath: string,
    facts: BrokerFacts,
    overrides: [string, string][],
    running: ListedServer[],
    opts: StartOptions,
  ): Promise<void> {
    const dirs = [...facts.logDirs, ...(facts.metadataLogDir ? [facts.metadataLogDir] : [])];
    if (dirs.every(isFormatted)) return;
    const anyFormatted = dirs.some(isFormatted);
    // a node joining a running cluster of ours must use that cluster's id
    let clusterId = storedClusterId(dirs);
    if (!clusterId) {
      const key = clusterKey(facts);
      for (const s of running) {
        if (!s.alive || s.role !== 'broker') continue;
        try {
          const f = brokerFacts(readPropertiesFile(s.configFile).toMap());
          if (f.mode === 'kraft' && clusterKey(f) === key) clusterId = storedClusterId([...f.logDirs, ...(f.metadataLogDir ? [f.metadataLogDir] : [])]);
        } catch {
          /* unreadable config of another server */
        }
        if (clusterId) break;
      }
    }
    clusterId ??= randomClusterId();
    const standalone = facts.roles.includes('controller') && !facts.quorumVoters && Boolean(facts.quorumBootstrapServers);
    opts.onProgress?.(`formatting storage (cluster id ${clusterId})`);
    const lines = await this.formatStorage(configPath, clusterId, { standalone, ignoreFormatted: anyFormatted, overrides });
    if (!opts.daemon) for (const l of lines) (opts.onLogLine ?? out)(l);
  }

  /** Runs the JVM through the one launcher (src/process/launch.ts). */
  private launch(
    cmd: { java: string; args: string[] },
    record: ServerRecord,
    opts: StartOptions,
    env: NodeJS.ProcessEnv,
    what: string,
    probe?: () => Promise<boolean>,
  ): Promise<RunningServer> {
    return launchServer({
      command: cmd.java,
      args: cmd.args,
      env,
      record,
      daemon: opts.daemon,
      what,
      probe,
      readyTimeoutMs: opts.readyTimeoutMs,
      onProgress: opts.onProgress,
      onLogLine: opts.onLogLine ?? out,
      spawnError: javaSpawnError(cmd.java),
    });
  }

  /** scram: `--add-scram` values (KRaft keeps SCRAM users in the metadata log from format on) */
  async formatStorage(
    configFile: string,
    clusterId: string,
    opts: { standalone?: boolean; ignoreFormatted?: boolean; overrides?: [string, string][]; scram?: string[] } = {},
  ): Promise<string[]> {
    let file = configFile;
    let tmp: string | undefined;
    if (opts.overrides && opts.overrides.length > 0) {
      tmp = mkdtempSync(join(tmpdir(), 'kafka-lab-format-'));
      const props = readPropertiesFile(configFile).toMap();
      for (const [k, v] of opts.overrides) props.set(k, v);
      file = join(tmp, 'server.properties');
      writeFileSync(file, formatProperties(props));
    }
    try {
      const args = ['format', '-t', clusterId, '-c', file];
      if (opts.standalone) args.push('--standalone');
      if (opts.ignoreFormatted) args.push('--ignore-formatted');
      for (const s of opts.scram ?? []) args.push('--add-scram', s);
      const r = await this.runTool(STORAGE_TOOL, args, { timeoutMs: 120_000 });
      const lines = `${r.stdout}`.split('\n').filter((l) => l.trim());
      if (r.exitCode !== 0) {
        const errLines = `${r.stderr}\n${r.stdout}`
          .split('\n')
          .filter((l) => l.trim() && !/^\s+at /.test(l))
          .map((l) => l.replace(/password=[^,\]\s]*/g, 'password=[hidden]'));
        throw new KafkaLabError(`formatting the storage of ${configFile} failed (kafka-storage exit ${r.exitCode})`, {
          kind: 'process',
          hint: 'See the lines above; kafka-lab storage info --config <file> shows the state of the log dirs.',
          details: errLines.slice(0, 6),
        });
      }
      return lines;
    } finally {
      if (tmp) rmSync(tmp, { recursive: true, force: true });
    }
  }

  async runClass(mainClass: string, args: string[], opts: RunClassOptions): Promise<number> {
    const env = { ...opts.env };
    const logDir = env.LOG_DIR ?? join(this.libsDir, '..', 'logs');
    if (opts.gcLogName && !env.KAFKA_GC_LOG_OPTS) {
      mkdirSync(logDir, { recursive: true });
      env.KAFKA_GC_LOG_OPTS = `-Xlog:gc*:file=${join(logDir, `${opts.gcLogName}-gc.log`)}:time,tags:filecount=10,filesize=100M`;
    }
    const cmd = this.command('tool', mainClass, args, logDir, env);
    if (env.KAFKA_DEBUG) out(`Enabling Java debug options: ${cmd.debugOpts}`);
    const attached = opts.stdio === 'inherit';
    // not detached: the terminal's Ctrl-C reaches the JVM itself, as with kafka-run-class.sh's exec
    const child = spawn(cmd.java, cmd.args, { stdio: attached ? 'inherit' : ['pipe', 'pipe', 'pipe'], env });
    if (opts.stdio !== 'inherit') {
      const { stdin, stdout, stderr } = opts.stdio;
      child.stdout!.pipe(stdout, { end: false });
      child.stderr!.pipe(stderr, { end: false });
      child.stdin!.on('error', () => {});
      stdin.pipe(child.stdin!);
    }
    // while the class runs, Ctrl-C is the JVM's to handle: kafka-lab waits for its exit code
    const ignore = () => {};
    process.on('SIGINT', ignore);
    try {
      return await new Promise<number>((resolve, reject) => {
        child.once('error', (err: NodeJS.ErrnoException) => reject(javaSpawnError(cmd.java)(err)));
        child.once('close', (code, signal) => resolve(code ?? 128 + (signal ? (constants.signals[signal] ?? 15) : 15)));
      });
    } finally {
      process.off('SIGINT', ignore);
      if (opts.stdio !== 'inherit') opts.stdio.stdin.unpipe(child.stdin!);
    }
  }

  findClasses(name: string): string[] {
    const jars = readdirSync(this.libsDir).filter((f) => f.endsWith('.jar'));
    const matches = name.includes('.') ? (c: string) => c === name : (c: string) => c.endsWith(`.${name}`);
    return jars.flatMap((j) => jarClasses(join(this.libsDir, j)).filter(matches));
  }

  async runTool(mainClass: string, args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}) {
    const env = opts.env ?? currentEnv();
    const toolEnv = { ...env };
    // tools run with Kafka's tool defaults, not with a broker's heap or log settings
    delete toolEnv.KAFKA_LOG4J_OPTS;
    const cmd = this.command('tool', mainClass, args, env.LOG_DIR ?? tmpdir(), toolEnv);
    return new Promise<{ stdout: string; stderr: string; exitCode: number }>((resolve, reject) => {
      const child = spawn(cmd.java, cmd.args, { stdio: ['pipe', 'pipe', 'pipe'], env });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      const t = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
      child.on('error', (err: NodeJS.ErrnoException) => {
        clearTimeout(t);
        reject(javaSpawnError(cmd.java)(err));
      });
      child.on('close', (code) => {
        clearTimeout(t);
        resolve({ stdout, stderr, exitCode: code ?? 1 });
      });
      child.stdin.on('error', () => {});
      child.stdin.end(opts.input ?? '');
    });
  }
}
