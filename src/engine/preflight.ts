/**
 * Checks made before a JVM starts, so that the usual mistakes get one clear line (and a
 * hint) in a second instead of a Java stack trace after a slow start.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { KafkaLabError } from '../errors.js';
import { hints } from '../hints.js';
import { readPropertiesFile, type PropertiesDocument } from '../config/properties.js';
import { brokerFacts, dialHost, withOverrides, zooKeeperFacts, zookeeperHosts, type BrokerFacts, type ZooKeeperFacts } from './apache/config-facts.js';
import { serverLabel, type ListedServer } from '../process/servers.js';
import { serverKind } from '../process/kinds.js';
import { tcpProbe } from '../process/readiness.js';
import { findConfigClashes, type ConfigFileInput } from '../cluster/validate.js';
import { checkPort } from '../util/ports.js';
import { BROKER_SETTINGS, ZOOKEEPER_SETTINGS, misspeltSetting } from '../config/known-settings.js';

/** Characters a Kafka or ZooKeeper config key can have; anything else means a broken line. */
const KEY_PATTERN = /^[A-Za-z0-9._-]+$/;

export interface LoadedConfig {
  path: string;
  doc: PropertiesDocument;
  props: Map<string, string>;
}

/** Reads a server/ZooKeeper config: missing, unreadable and malformed files are one-line errors. */
export function loadServerConfig(file: string, what: string, overrides: [string, string][] = []): LoadedConfig {
  const path = resolve(file);
  const doc = readPropertiesFile(path, what);
  for (const e of doc.allEntries()) {
    if (!KEY_PATTERN.test(e.key)) {
      throw new KafkaLabError(`${path}:${e.line}: malformed line: '${e.key.length > 40 ? `${e.key.slice(0, 40)}…` : e.key}' is not a config key`, {
        kind: 'invalid-config',
        hint: 'Lines look like key=value with keys such as log.dirs; fix or comment out that line (# at its start).',
      });
    }
  }
  return { path, doc, props: withOverrides(doc.toMap(), overrides) };
}

function describeServer(s: ListedServer): string {
  return s.role === 'broker' ? `broker ${s.nodeId ?? '?'} (pid ${s.pid})` : `${serverLabel(s)} (pid ${s.pid})`;
}

function stopHint(s: ListedServer): string {
  return serverKind(s.role).stopHint(s);
}

async function assertPortFree(host: string, port: number, label: string, running: ListedServer[]): Promise<void> {
  const state = await checkPort(host, port);
  if (state === 'free') return;
  if (state === 'denied') {
    throw new KafkaLabError(`${label} port ${port} needs privileges to bind`, { kind: 'process', hint: 'Use a port above 1023.' });
  }
  const owner = running.find((s) => s.alive && s.address.endsWith(`:${port}`));
  throw new KafkaLabError(`${label} port ${port} is already in use${owner ? ` by ${describeServer(owner)} started by kafka-lab` : ''}`, {
    kind: 'process',
    hint: owner ? `Stop it first (${stopHint(owner)}) or choose another port.` : hints.portInUse(port),
  });
}

/** The pid holding a POSIX/flock lock on a file (Java's FileLock), read from /proc/locks. */
export function lockHolder(lockFile: string, procLocks?: string): number | undefined {
  let ino: number;
  try {
    ino = statSync(lockFile).ino;
  } catch {
    return undefined;
  }
  let text = procLocks;
  if (text === undefined) {
    try {
      text = readFileSync('/proc/locks', 'utf8');
    } catch {
      return undefined;
    }
  }
  for (const line of text.split('\n')) {
    // "1: POSIX  ADVISORY  WRITE 12345 08:01:1234567 0 EOF"
    const m = /^\d+:\s+\S+\s+\S+\s+\S+\s+(\d+)\s+[0-9a-f]+:[0-9a-f]+:(\d+)\s/.exec(line.replace(/->\s*/, ''));
    if (m && Number(m[2]) === ino && Number(m[1]) !== process.pid) return Number(m[1]);
  }
  return undefined;
}

function sameDir(a: string, b: string): boolean {
  return resolve(a).replace(/\/+$/, '') === resolve(b).replace(/\/+$/, '');
}

/**
 * Another config file next to this one that names the same log directory. Only files that set
 * their directories explicitly count (a consumer.properties is not a broker on /tmp/kafka-logs).
 */
export function siblingLogDirClash(configPath: string, props: Map<string, string>): { file: string; dir: string } | undefined {
  let names: string[];
  try {
    names = readdirSync(dirname(configPath)).filter((f) => f.endsWith('.properties'));
  } catch {
    return undefined;
  }
  const inputs: ConfigFileInput[] = [{ path: configPath, props, role: 'broker' }];
  for (const name of names) {
    const other = join(dirname(configPath), name);
    if (other === configPath) continue;
    try {
      const p = readPropertiesFile(other).toMap();
      if (p.has('log.dirs') || p.has('log.dir') || p.has('metadata.log.dir') || p.has('dataDir')) inputs.push({ path: other, props: p });
    } catch {
      /* a broken neighbour is not this file's problem */
    }
  }
  let clashes: ReturnType<typeof findConfigClashes>;
  try {
    clashes = findConfigClashes(inputs);
  } catch {
    return undefined;
  }
  const c = clashes.find((x) => x.kind === 'log.dirs' && x.files.includes(configPath));
  return c ? { file: c.files[0] === configPath ? c.files[1] : c.files[0], dir: c.value } : undefined;
}

export async function checkLogDirs(configPath: string, props: Map<string, string>, facts: BrokerFacts, running: ListedServer[]): Promise<void> {
  const dirs = [...facts.logDirs, ...(facts.metadataLogDir ? [facts.metadataLogDir] : [])];
  for (const dir of dirs) {
    const holder = lockHolder(join(dir, '.lock'));
    const owner = running.find((s) => s.alive && (s.pid === holder || (s.role === 'broker' && configLogDirs(s.configFile).some((d) => sameDir(d, dir)))));
    if (holder !== undefined || owner) {
      throw new KafkaLabError(
        `log.dirs ${dir} is in use by ${owner ? `${describeServer(owner)} started from ${owner.configFile}` : `another running Kafka (pid ${holder})`}`,
        {
          kind: 'process',
          hint: owner
            ? `Two brokers cannot share a log directory: give this one its own log.dirs, or stop the other (${stopHint(owner)}).`
            : 'Two brokers cannot share a log directory: give this one its own log.dirs.',
        },
      );
    }
  }
  const clash = siblingLogDirClash(configPath, props);
  if (clash) {
    throw new KafkaLabError(`log.dirs ${clash.dir} is shared by ${basename(configPath)} and ${basename(clash.file)}`, {
      kind: 'invalid-config',
      hint: `Each broker needs its own log directory: change log.dirs in one of them (in ${dirname(configPath)}).`,
    });
  }
}

function configLogDirs(configFile: string): string[] {
  try {
    const f = brokerFacts(readPropertiesFile(configFile).toMap());
    return [...f.logDirs, ...(f.metadataLogDir ? [f.metadataLogDir] : [])];
  } catch {
    return [];
  }
}

/** Identity of the cluster a broker config joins: its zookeeper.connect or its controller quorum. */
export function clusterKey(facts: BrokerFacts): string {
  const norm = (hostPort: string) => hostPort.trim().replace(/^(localhost|0\.0\.0\.0)(?=:|$)/, '127.0.0.1');
  if (facts.mode === 'zookeeper') return `zk:${(facts.zookeeperConnect ?? 'localhost:2181').split(',').map(norm).sort().join(',')}`;
  const quorum = facts.quorumVoters
    ? facts.quorumVoters.split(',').map((v) => norm(v.replace(/^\s*\d+@/, '')))
    : (facts.quorumBootstrapServers ?? '').split(',').map(norm);
  return `kraft:${quorum.sort().join(',')}`;
}

export function checkNodeIdFree(facts: BrokerFacts, running: ListedServer[]): void {
  if (facts.nodeId === undefined) return;
  const key = clusterKey(facts);
  for (const s of running) {
    if (!s.alive || s.role !== 'broker' || s.nodeId !== facts.nodeId) continue;
    let otherKey: string;
    try {
      otherKey = clusterKey(brokerFacts(readPropertiesFile(s.configFile).toMap()));
    } catch {
      continue;
    }
    if (otherKey !== key) continue;
    const idKey = facts.mode === 'kraft' ? 'node.id' : 'broker.id';
    throw new KafkaLabError(`${idKey} ${facts.nodeId} is already registered in this cluster by ${describeServer(s)} started from ${s.configFile}`, {
      kind: 'invalid-config',
      hint: `Give every broker its own ${idKey}, or stop the other one (${stopHint(s)}).`,
    });
  }
}

/** Bounded wait for one of zookeeper.connect's servers to accept a connection. */
export async function checkZooKeeperReachable(connect: string, waitMs: number): Promise<void> {
  const hosts = zookeeperHosts(connect);
  const end = Date.now() + waitMs;
  for (;;) {
    for (const h of hosts) if (await tcpProbe(h.host, h.port, 1000)) return;
    if (Date.now() >= end) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new KafkaLabError(`zookeeper.connect ${connect} is unreachable (no answer within ${Math.round(waitMs / 1000)} s)`, {
    kind: 'connection',
    hint: 'Start ZooKeeper first (kafka-lab zookeeper-start -daemon zookeeper.properties) or fix zookeeper.connect.',
  });
}

/** A misspelt setting name is an error: the server would silently run on that setting's default. */
function checkMisspeltSettings(config: LoadedConfig, known: readonly string[], server: string): void {
  const present = new Set(config.props.keys());
  for (const e of config.doc.allEntries()) {
    const meant = misspeltSetting(e.key, known, present);
    if (meant)
      throw new KafkaLabError(`${config.path}:${e.line}: unknown setting '${e.key}' (did you mean '${meant}'?)`, {
        kind: 'invalid-config',
        hint: `${server} ignores names it does not know, so ${meant} would keep its default; fix the name.`,
      });
  }
}

export interface BrokerPreflight {
  config: LoadedConfig;
  facts: BrokerFacts;
}

/**
 * Everything checked before a broker JVM starts: the file itself first, then checkRuntime
 * (the engine's Java check), then ports, log dirs, node id and ZooKeeper.
 */
export async function preflightBroker(
  file: string,
  overrides: [string, string][],
  opts: { supportsZooKeeper: boolean; engineVersion: string; running: ListedServer[]; zkWaitMs?: number; checkRuntime?: () => Promise<unknown> },
): Promise<BrokerPreflight> {
  const config = loadServerConfig(file, 'config file', overrides);
  checkMisspeltSettings(config, BROKER_SETTINGS, 'Kafka');
  const facts = brokerFacts(config.props, config.path);
  if (facts.mode === 'zookeeper' && !opts.supportsZooKeeper) {
    throw new KafkaLabError(`${basename(config.path)} is a ZooKeeper-mode config, but Kafka ${opts.engineVersion} has no ZooKeeper mode (removed in 4.0)`, {
      kind: 'unsupported',
      hint: 'Use a KRaft config (kafka-lab config print kraft/server) or a 3.9 engine (--engine 3.9.2).',
    });
  }
  if (facts.mode === 'kraft' && facts.nodeId === undefined) {
    throw new KafkaLabError(`${basename(config.path)} sets process.roles but no valid node.id`, {
      kind: 'invalid-config',
      hint: 'KRaft nodes need node.id=<number>, unique in the cluster.',
    });
  }
  for (const l of facts.listeners) {
    if (!Number.isFinite(l.port)) {
      throw new KafkaLabError(`${config.path}: malformed listener '${l.name}'`, {
        kind: 'invalid-config',
        hint: 'Listeners look like PLAINTEXT://localhost:9092,CONTROLLER://localhost:9093',
      });
    }
  }
  await opts.checkRuntime?.();
  for (const l of facts.listeners) await assertPortFree(l.host, l.port, `listener ${l.name}`, opts.running);
  await checkLogDirs(config.path, config.props, facts, opts.running);
  checkNodeIdFree(facts, opts.running);
  if (facts.mode === 'zookeeper') await checkZooKeeperReachable(facts.zookeeperConnect ?? 'localhost:2181', opts.zkWaitMs ?? 5000);
  return { config, facts };
}

export interface ZooKeeperPreflight {
  config: LoadedConfig;
  facts: ZooKeeperFacts & { clientPort: number };
}

export async function preflightZooKeeper(
  file: string,
  overrides: [string, string][],
  running: ListedServer[],
  checkRuntime?: () => Promise<unknown>,
): Promise<ZooKeeperPreflight> {
  const config = loadServerConfig(file, 'config file', overrides);
  checkMisspeltSettings(config, ZOOKEEPER_SETTINGS, 'ZooKeeper');
  const facts = zooKeeperFacts(config.props, config.path);
  if (facts.clientPort === undefined) {
    throw new KafkaLabError(`${basename(config.path)} has no clientPort`, {
      kind: 'invalid-config',
      hint: 'Add clientPort=2181 (kafka-lab config print zookeeper shows a complete file).',
    });
  }
  await checkRuntime?.();
  await assertPortFree(facts.clientPortAddress ?? '', facts.clientPort, 'ZooKeeper clientPort', running);
  return { config, facts: { ...facts, clientPort: facts.clientPort } };
}

export { dialHost };
