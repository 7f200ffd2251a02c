/**
 * What a broker's server.properties or ZooKeeper's zookeeper.properties means, read from the
 * parsed map (src/config/properties.ts). Pure functions, so that pre-flight checks (server-start,
 * cluster up, validation) all agree on ports, ids and directories before any JVM starts.
 */
import { KafkaLabError } from '../errors.js';

export type ServerMode = 'zookeeper' | 'kraft';

export interface ListenerAddress {
  /** listener name, e.g. PLAINTEXT, CONTROLLER */
  name: string;
  /** host as written; '' means all interfaces */
  host: string;
  port: number;
}

export interface ServerConfig {
  file: string;
  mode: ServerMode;
  /** broker.id (ZooKeeper mode) or node.id (KRaft); undefined when absent (ZooKeeper mode then auto-generates one) */
  nodeId?: number;
  /** process.roles in KRaft mode (broker, controller); ['broker'] in ZooKeeper mode */
  roles: string[];
  listeners: ListenerAddress[];
  advertised: ListenerAddress[];
  controllerListenerNames: string[];
  /** log.dirs, else log.dir, else Kafka's default /tmp/kafka-logs */
  logDirs: string[];
  /** metadata.log.dir when set (KRaft) */
  metadataLogDir?: string;
  zookeeperConnect?: string;
  /** controller.quorum.voters entries: id@host:port */
  quorumVoters: { id: number; host: string; port: number }[];
  /** controller.quorum.bootstrap.servers entries (host:port) */
  bootstrapServers: string[];
  /** host:port that clients use: the first advertised non-controller listener, else the first such listener */
  clientAddress?: string;
}

export interface ZooKeeperConfig {
  file: string;
  clientPort: number;
  clientPortAddress?: string;
  dataDir?: string;
  dataLogDir?: string;
  /** host:port clients use */
  clientAddress: string;
}

export const DEFAULT_LOG_DIR = '/tmp/kafka-logs';

function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function configError(file: string, message: string, hint: string): KafkaLabError {
  return new KafkaLabError(`${file}: ${message}`, { kind: 'invalid-config', hint });
}

/** Parses `NAME://host:port` lists (listeners, advertised.listeners). */
export function parseListeners(value: string | undefined, file: string, key = 'listeners'): ListenerAddress[] {
  return splitList(value).map((item) => {
    const m = /^([A-Za-z0-9_-]+):\/\/(\[[^\]]*\]|[^:]*):(\d+)$/.exec(item);
    if (!m) {
      throw configError(file, `${key} entry '${item}' is not NAME://HOST:PORT`, `Example: ${key}=PLAINTEXT://localhost:9092`);
    }
    const port = Number(m[3]);
    if (port < 0 || port > 65535) throw configError(file, `${key} port ${port} is out of range`, 'Ports go from 1 to 65535.');
    return { name: m[1]!.toUpperCase(), host: m[2]!.replace(/^\[|\]$/g, ''), port };
  });
}

function parseId(value: string | undefined, file: string, key: string): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value.trim());
  if (!Number.isInteger(n)) throw configError(file, `${key}=${value} is not a whole number`, `Set ${key} to a number, e.g. ${key}=1`);
  return n;
}

function parseVoters(value: string | undefined, file: string): ServerConfig['quorumVoters'] {
  return splitList(value).map((item) => {
    const m = /^(\d+)@(\[[^\]]*\]|[^:]+):(\d+)$/.exec(item);
    if (!m) throw configError(file, `controller.quorum.voters entry '${item}' is not ID@HOST:PORT`, 'Example: controller.quorum.voters=1@localhost:9093');
    return { id: Number(m[1]), host: m[2]!.replace(/^\[|\]$/g, ''), port: Number(m[3]) };
  });
}

function hostForClients(host: string): string {
  return host === '' || host === '0.0.0.0' || host === '::' ? 'localhost' : host;
}

export function interpretServerConfig(props: Map<string, string>, file: string): ServerConfig {
  const roles = splitList(props.get('process.roles'));
  const mode: ServerMode = roles.length > 0 ? 'kraft' : 'zookeeper';
  const nodeId = mode === 'kraft' ? parseId(props.get('node.id'), file, 'node.id') : parseId(props.get('broker.id'), file, 'broker.id');
  // Kafka's default when listeners is absent is PLAINTEXT://:9092
  const listeners = props.has('listeners') ? parseListeners(props.get('listeners'), file) : [{ name: 'PLAINTEXT', host: '', port: 9092 }];
  const advertised = props.has('advertised.listeners') ? parseListeners(props.get('advertised.listeners'), file, 'advertised.listeners') : [];
  const controllerListenerNames = splitList(props.get('controller.listener.names')).map((n) => n.toUpperCase());
  const logDirs = splitList(props.get('log.dirs') ?? props.get('log.dir'));
  const isClientListener = (l: ListenerAddress) => !controllerListenerNames.includes(l.name);
  const client = advertised.find(isClientListener) ?? listeners.find(isClientListener);
  return {
    file,
    mode,
    nodeId,
    roles: mode === 'kraft' ? roles : ['broker'],
    listeners,
    advertised,
    controllerListenerNames,
    logDirs: logDirs.length > 0 ? logDirs : [DEFAULT_LOG_DIR],
    metadataLogDir: props.get('metadata.log.dir')?.trim() || undefined,
    zookeeperConnect: props.get('zookeeper.connect')?.trim() || undefined,
    quorumVoters: parseVoters(props.get('controller.quorum.voters'), file),
    bootstrapServers: splitList(props.get('controller.quorum.bootstrap.servers')),
    clientAddress: client && (!roles.length || roles.includes('broker')) ? `${hostForClients(client.host)}:${client.port}` : undefined,
  };
}

export function interpretZooKeeperConfig(props: Map<string, string>, file: string): ZooKeeperConfig {
  const rawPort = props.get('clientPort');
  const clientPort = rawPort === undefined ? 2181 : Number(rawPort.trim());
  if (!Number.isInteger(clientPort) || clientPort < 0 || clientPort > 65535) {
    throw configError(file, `clientPort=${rawPort} is not a port number`, 'Example: clientPort=2181');
  }
  const clientPortAddress = props.get('clientPortAddress')?.trim() || undefined;
  return {
    file,
    clientPort,
    clientPortAddress,
    dataDir: props.get('dataDir')?.trim() || undefined,
    dataLogDir: props.get('dataLogDir')?.trim() || undefined,
    clientAddress: `${hostForClients(clientPortAddress ?? '')}:${clientPort}`,
  };
}

/** True when a properties map looks like ZooKeeper's (clientPort/dataDir and no broker keys). */
export function looksLikeZooKeeperConfig(props: Map<string, string>): boolean {
  return (props.has('clientPort') || props.has('dataDir')) && !props.has('broker.id') && !props.has('process.roles') && !props.has('log.dirs');
}
