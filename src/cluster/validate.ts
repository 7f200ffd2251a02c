/**
 * Pre-flight checks across a set of config files (a lab's zookeeper.properties and
 * server-N.properties, or whatever files the user hands us): two servers sharing a log
 * directory, a port or an id die with an obscure exception at start-up, so we refuse
 * before anything starts and name both files.
 */
import { basename, resolve } from 'node:path';
import { interpretServerConfig, interpretZooKeeperConfig, looksLikeZooKeeperConfig } from '../config/server-config.js';

export type ClashKind = 'log.dirs' | 'port' | 'node.id';

export interface ConfigClash {
  kind: ClashKind;
  /** the shared value: a directory, a port number or an id */
  value: string;
  /** the two files involved, in the order given */
  files: [string, string];
  /** the property names in each file, e.g. ['listeners', 'clientPort'] */
  keys: [string, string];
}

export interface ConfigFileInput {
  path: string;
  props: Map<string, string>;
  /** force how the file is read; guessed from its keys otherwise */
  role?: 'zookeeper' | 'broker';
}

interface Claim {
  kind: ClashKind;
  value: string;
  key: string;
}

function claimsOf(f: ConfigFileInput): Claim[] {
  const role = f.role ?? (looksLikeZooKeeperConfig(f.props) ? 'zookeeper' : 'broker');
  if (role === 'zookeeper') {
    const zk = interpretZooKeeperConfig(f.props, f.path);
    const claims: Claim[] = [{ kind: 'port', value: String(zk.clientPort), key: 'clientPort' }];
    if (zk.dataDir) claims.push({ kind: 'log.dirs', value: resolve(zk.dataDir), key: 'dataDir' });
    if (zk.dataLogDir && resolve(zk.dataLogDir) !== resolve(zk.dataDir ?? ''))
      claims.push({ kind: 'log.dirs', value: resolve(zk.dataLogDir), key: 'dataLogDir' });
    return claims;
  }
  const s = interpretServerConfig(f.props, f.path);
  const claims: Claim[] = [];
  const seenPorts = new Set<number>();
  for (const l of s.listeners) {
    if (seenPorts.has(l.port) || l.port === 0) continue; // port 0 = any free port, never clashes
    seenPorts.add(l.port);
    claims.push({ kind: 'port', value: String(l.port), key: 'listeners' });
  }
  const dirs = new Set(s.logDirs.map((d) => resolve(d)));
  for (const d of dirs) claims.push({ kind: 'log.dirs', value: d, key: f.props.has('log.dirs') || !f.props.has('log.dir') ? 'log.dirs' : 'log.dir' });
  if (s.metadataLogDir && !dirs.has(resolve(s.metadataLogDir))) claims.push({ kind: 'log.dirs', value: resolve(s.metadataLogDir), key: 'metadata.log.dir' });
  if (s.nodeId !== undefined && s.nodeId >= 0) claims.push({ kind: 'node.id', value: String(s.nodeId), key: s.mode === 'kraft' ? 'node.id' : 'broker.id' });
  return claims;
}

/** Every value claimed by two files (each pair reported once, in file order). */
export function findConfigClashes(files: ConfigFileInput[]): ConfigClash[] {
  const owners = new Map<string, { file: string; key: string }>();
  const clashes: ConfigClash[] = [];
  for (const f of files) {
    for (const c of claimsOf(f)) {
      const id = `${c.kind}\u0000${c.value}`;
      const first = owners.get(id);
      if (!first) {
        owners.set(id, { file: f.path, key: c.key });
        continue;
      }
      if (first.file === f.path) continue;
      clashes.push({ kind: c.kind, value: c.value, files: [first.file, f.path], keys: [first.key, c.key] });
    }
  }
  return clashes;
}

/** Short names for the two files: base names when they differ, full paths otherwise. */
function fileNames(files: [string, string]): [string, string] {
  const [a, b] = files.map((f) => basename(f)) as [string, string];
  return a !== b ? [a, b] : files;
}

/** One line, e.g. `log.dirs /x is shared by server-1.properties and server-2.properties`. */
export function formatClash(c: ConfigClash): string {
  const [a, b] = fileNames(c.files);
  switch (c.kind) {
    case 'log.dirs': {
      const what = c.keys[0] === c.keys[1] ? c.keys[0] : 'directory';
      return `${what} ${c.value} is shared by ${a} and ${b}`;
    }
    case 'port':
      return `port ${c.value} is used by ${a} (${c.keys[0]}) and ${b} (${c.keys[1]})`;
    case 'node.id':
      return `${c.keys[0]} ${c.value} is used by both ${a} and ${b}`;
  }
}

/** What to do about a kind of clash, for the error hint. */
export function clashHint(c: ConfigClash): string {
  switch (c.kind) {
    case 'log.dirs':
      return 'Each server needs its own data directory: give every file a different log.dirs (kafka-lab cluster-scaffold generates distinct ones).';
    case 'port':
      return 'Give each server its own port in listeners (and advertised.listeners), or clientPort for ZooKeeper.';
    case 'node.id':
      return 'Each broker needs its own broker.id (node.id in KRaft mode).';
  }
}
