/**
 * The engine door: everything about providing a server process goes through here.
 *
 * - Kafka engines: listEngines, resolveEngine (an Engine: start ZooKeeper or a broker, format
 *   KRaft storage, run one of Kafka's tool classes), installEngine, isEngineInstalled,
 *   DEFAULT_KAFKA_VERSION; randomClusterId / storedClusterId for KRaft; loadServerConfig
 *   (a server config read with the pre-flight checks' one-line errors).
 * - Running servers of every kind (brokers, ZooKeeper, Connect workers, databases ...; one
 *   adapter each in src/process/kinds.ts): listServers, stopServer, stopServers,
 *   signalServer, serverLabel, serverKind, and launchServer to start a new kind's process
 *   with a pid file, readiness wait and log file like the brokers.
 *
 * src/commands and src/cluster import from here, never from src/engine/apache or src/process.
 * Engines are found under $KAFKA_LAB_HOME/engines, or as an unpacked Apache Kafka
 * distribution in $KAFKA_HOME (used as it is).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { KafkaLabError } from '../errors.js';
import { hints } from '../hints.js';
import { engineFolderVersions } from '../paths.js';
import type { Engine, EngineInfo } from './engine.js';
import { ApacheEngine } from './apache/apache-engine.js';
import { versionFromJars } from './apache/classpath.js';
import { engineHome, installApacheEngine, isInstalled, type InstallOptions, type InstallResult } from './apache/install.js';
import { currentEnv } from '../output/io.js';

export type {
  ConnectWorkerOptions,
  ConnectWorkerRecord,
  Engine,
  EngineInfo,
  RunClassOptions,
  RunningServer,
  ServerRecord,
  ServerRole,
  StartOptions,
  StopResult,
} from './engine.js';
export type { InstallOptions, InstallResult } from './apache/install.js';
export { randomClusterId, storedClusterId } from './cluster-id.js';
export { loadServerConfig } from './preflight.js';
export { listServers, serverLabel, signalServer, stopServer, stopServers, type ListedServer, type StopServerOptions } from '../process/servers.js';
export { serverKind, type ServerKind, type StopPolicy } from '../process/kinds.js';
export { launchServer, type LaunchSpec } from '../process/launch.js';
// the hadoop engine (HDFS for data-lake labs): installed like Kafka, run by the components in src/components/hdfs
export {
  DEFAULT_HADOOP_VERSION,
  type HadoopEngine,
  type HadoopInstallResult,
  hadoopEngine,
  installedHadoopVersions,
  installHadoopEngine,
  isHadoopInstalled,
  resolveHadoop,
} from './hadoop/install.js';
export { checkHadoopJava, HADOOP_MAIN_CLASSES, type HadoopRun, hadoopJavaCommand, runHadoopClass } from './hadoop/jvm.js';

/** Newest 3.9.x on Maven Central: the last Kafka line with ZooKeeper mode. */
export const DEFAULT_KAFKA_VERSION = '3.9.2';

function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((x) => Number(x) || 0);
  const pb = b.split(/[.-]/).map((x) => Number(x) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function supportsZooKeeper(version: string): boolean {
  return Number(version.split('.')[0]) < 4;
}

function kafkaHomeEngine(env: NodeJS.ProcessEnv): EngineInfo | undefined {
  const home = env.KAFKA_HOME;
  if (!home) return undefined;
  const libs = join(home, 'libs');
  let files: string[];
  try {
    files = readdirSync(libs);
  } catch {
    throw new KafkaLabError(`KAFKA_HOME=${home} has no libs/ folder`, {
      kind: 'invalid-config',
      hint: 'Point KAFKA_HOME at an unpacked Apache Kafka distribution (the folder holding bin/ and libs/), or unset it.',
    });
  }
  const version = versionFromJars(files);
  if (!version)
    throw new KafkaLabError(`KAFKA_HOME=${home}: no kafka-clients jar in libs/`, {
      kind: 'invalid-config',
      hint: 'Point KAFKA_HOME at an unpacked Apache Kafka distribution, or unset it.',
    });
  return { id: `apache-${version}`, kind: 'apache', version, location: libs, supportsZooKeeper: supportsZooKeeper(version), isDefault: true };
}

function installedVersions(env: NodeJS.ProcessEnv): string[] {
  return engineFolderVersions('kafka-', env)
    .filter((v) => isInstalled(v, env))
    .sort(compareVersions);
}

/** The default engine: KAFKA_HOME, else DEFAULT_KAFKA_VERSION when installed, else the newest installed. */
function defaultVersion(versions: string[]): string | undefined {
  if (versions.includes(DEFAULT_KAFKA_VERSION)) return DEFAULT_KAFKA_VERSION;
  return versions[versions.length - 1];
}

export async function listEngines(env: NodeJS.ProcessEnv = currentEnv()): Promise<EngineInfo[]> {
  const result: EngineInfo[] = [];
  const fromHome = kafkaHomeEngine(env);
  if (fromHome) result.push({ ...fromHome, id: `kafka-home-${fromHome.version}` });
  const versions = installedVersions(env);
  const def = fromHome ? undefined : defaultVersion(versions);
  for (const v of versions) {
    result.push({
      id: `apache-${v}`,
      kind: 'apache',
      version: v,
      location: join(engineHome(v, env), 'libs'),
      supportsZooKeeper: supportsZooKeeper(v),
      isDefault: v === def,
    });
  }
  return result;
}

export async function resolveEngine(opts: { version?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Engine> {
  const env = opts.env ?? currentEnv();
  const fromHome = kafkaHomeEngine(env);
  if (fromHome && (!opts.version || opts.version === fromHome.version)) return new ApacheEngine(fromHome, fromHome.location);
  const versions = installedVersions(env);
  const version = opts.version ?? defaultVersion(versions);
  if (!version || !versions.includes(version)) {
    const v = opts.version ?? DEFAULT_KAFKA_VERSION;
    throw new KafkaLabError(opts.version ? `Kafka engine ${v} is not installed` : 'no Kafka engine is installed', {
      kind: 'not-found',
      hint: hints.installEngine(v, versions),
    });
  }
  const libs = join(engineHome(version, env), 'libs');
  return new ApacheEngine(
    {
      id: `apache-${version}`,
      kind: 'apache',
      version,
      location: libs,
      supportsZooKeeper: supportsZooKeeper(version),
      isDefault: version === defaultVersion(versions),
    },
    libs,
  );
}

export async function installEngine(version: string = DEFAULT_KAFKA_VERSION, opts: InstallOptions = {}): Promise<InstallResult> {
  return installApacheEngine(version, opts);
}

/** True when resolveEngine({ version }) finds that version: installed, or the one in $KAFKA_HOME. */
export function isEngineInstalled(version: string, env: NodeJS.ProcessEnv = currentEnv()): boolean {
  if (isInstalled(version, env)) return true;
  try {
    return kafkaHomeEngine(env)?.version === version;
  } catch {
    return false; // a broken KAFKA_HOME is reported when the engine is resolved
  }
}
