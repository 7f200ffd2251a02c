/**
 * The few facts the process commands need from a server or ZooKeeper config (ports, ids,
 * log dirs, mode). Pure functions over a parsed properties map; the interpretation itself
 * is shared with the lab commands (src/config/server-config.ts).
 */
import { interpretServerConfig, interpretZooKeeperConfig } from '../../config/server-config.js';

export interface Listener {
  name: string;
  host: string;
  port: number;
}

export interface BrokerFacts {
  mode: 'zookeeper' | 'kraft';
  roles: string[];
  /** node.id (KRaft) or broker.id (ZooKeeper mode); undefined when auto-generated */
  nodeId?: number;
  listeners: Listener[];
  controllerListenerNames: string[];
  /** host:port a client connects to (advertised client listener), undefined for controller-only nodes */
  clientAddress?: string;
  logDirs: string[];
  metadataLogDir?: string;
  zookeeperConnect?: string;
  quorumVoters?: string;
  quorumBootstrapServers?: string;
}

export interface ZooKeeperFacts {
  clientPort?: number;
  clientPortAddress?: string;
  dataDir?: string;
}

/** A host a client on this machine can dial for a listener host ("" and 0.0.0.0 mean all interfaces). */
export function dialHost(host: string): string {
  return host === '' || host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
}

/** Broker facts from the shared interpretation in src/config/server-config.ts. */
export function brokerFacts(props: Map<string, string>, file = '<config>'): BrokerFacts {
  const s = interpretServerConfig(props, file);
  return {
    mode: s.mode,
    roles: s.mode === 'kraft' ? s.roles : [],
    nodeId: s.nodeId !== undefined && s.nodeId >= 0 ? s.nodeId : undefined,
    listeners: s.listeners,
    controllerListenerNames: s.controllerListenerNames,
    clientAddress: s.clientAddress,
    logDirs: s.logDirs,
    metadataLogDir: s.metadataLogDir,
    zookeeperConnect: s.zookeeperConnect,
    quorumVoters: s.quorumVoters.length > 0 ? s.quorumVoters.map((v) => `${v.id}@${v.host}:${v.port}`).join(',') : undefined,
    quorumBootstrapServers: s.bootstrapServers.length > 0 ? s.bootstrapServers.join(',') : undefined,
  };
}

export function zooKeeperFacts(props: Map<string, string>, file = '<config>'): ZooKeeperFacts {
  const z = interpretZooKeeperConfig(props, file);
  return { clientPort: z.clientPort, clientPortAddress: z.clientPortAddress, dataDir: z.dataDir };
}

/** host:port pairs of zookeeper.connect (the chroot path after the last host is dropped). */
export function zookeeperHosts(connect: string): { host: string; port: number }[] {
  const withoutChroot = connect.replace(/\/.*$/, '');
  return withoutChroot
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s)
    .map((s) => {
      const i = s.lastIndexOf(':');
      return i > 0 ? { host: s.slice(0, i), port: Number(s.slice(i + 1)) } : { host: s, port: 2181 };
    });
}

/** Applies --override pairs on top of a file's properties (what kafka.Kafka does). */
export function withOverrides(props: Map<string, string>, overrides: [string, string][]): Map<string, string> {
  const m = new Map(props);
  for (const [k, v] of overrides) m.set(k, v);
  return m;
}
