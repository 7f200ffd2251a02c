/**
 * Finding an engine: installed ones under $KAFKA_LAB_HOME/engines, or an unpacked Apache
 * Kafka distribution in $KAFKA_HOME (used as it is).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { KafkaLabError } from '../errors.js';
import { enginesDir } from '../paths.js';
import type { Engine, EngineInfo } from './engine.js';
import { versionFromJars } from './apache/classpath.js';
import { engineHome, installApacheEngine, isInstalled, type InstallOptions, type InstallResult } from './apache/install.js';

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
      hint: 'Point KAFKA_HOME at an unpacked Apache Kafka distribution (the folder holding bin/ and libs/), or unset it.',
    });
  }
  const version = versionFromJars(files);
  if (!version)
    throw new KafkaLabError(`KAFKA_HOME=${home}: no kafka-clients jar in libs/`, {
      hint: 'Point KAFKA_HOME at an unpacked Apache Kafka distribution, or unset it.',
    });
  return { id: `apache-${version}`, kind: 'apache', version, location: libs, supportsZooKeeper: supportsZooKeeper(version), isDefault: true };
}

function installedVersions(env: NodeJS.ProcessEnv): string[] {
  let names: string[];
  try {
    names = readdirSync(enginesDir(env));
  } catch {
    return [];
  }
  return names
    .filter((n) => n.startsWith('kafka-'))
    .map((n) => n.slice('kafka-'.length))
    .filter((v) => isInstalled(v, env))
    .sort(compareVersions);
}

/** The default engine: KAFKA_HOME, else DEFAULT_KAFKA_VERSION when installed, else the newest installed. */
function defaultVersion(versions: string[]): string | undefined {
  if (versions.includes(DEFAULT_KAFKA_VERSION)) return DEFAULT_KAFKA_VERSION;
  return versions[versions.length - 1];
}

export async function listEngines(env: NodeJS.ProcessEnv = process.env): Promise<EngineInfo[]> {
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
  const env = opts.env ?? process.env;
  const { ApacheEngine } = await import('./apache/apache-engine.js');
  const fromHome = kafkaHomeEngine(env);
  if (fromHome && (!opts.version || opts.version === fromHome.version)) return new ApacheEngine(fromHome, fromHome.location);
  const versions = installedVersions(env);
  const version = opts.version ?? defaultVersion(versions);
  if (!version || !versions.includes(version)) {
    const v = opts.version ?? DEFAULT_KAFKA_VERSION;
    throw new KafkaLabError(opts.version ? `Kafka engine ${v} is not installed` : 'no Kafka engine is installed', {
      hint: `Install it with: kafka-lab engine install --version ${v}${versions.length > 0 ? ` (installed: ${versions.join(', ')})` : ''}`,
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

export function engineInstalled(version: string, env: NodeJS.ProcessEnv = process.env): boolean {
  return isInstalled(version, env) && existsSync(join(engineHome(version, env), 'libs'));
}
