/**
 * The multi-broker lab generator: a pure function from options to the files of a lab folder
 * (zookeeper.properties, server-N.properties, cluster.json, the connection profile and
 * TERMINALS.md). Every broker gets its own id, ports and log directory so the classic
 * mistakes (shared log.dirs, port or broker.id) cannot happen.
 */
import { join } from 'node:path';
import { formatProperties } from '../config/properties.js';
import type { ServerMode } from '../config/server-config.js';

export const MAX_BROKERS = 9;
/** The last Kafka line with ZooKeeper mode. */
export const LAST_ZOOKEEPER_KAFKA = '3.9.2';
export const LAB_HOST = '127.0.0.1';
export const MANIFEST_FILE = 'cluster.json';
export const TERMINALS_FILE = 'TERMINALS.md';
export const ZOOKEEPER_CONFIG = 'zookeeper.properties';

export interface ScaffoldOptions {
  brokers: number;
  /** absolute path of the lab folder */
  dir: string;
  mode: ServerMode;
  engineVersion: string;
  basePort?: number;
  portStep?: number;
  zookeeperPort?: number;
  /** first controller port in KRaft mode (default basePort + 100) */
  controllerBasePort?: number;
  partitions?: number;
  replicationFactor?: number;
  heap?: string;
  /** KRaft: the cluster id every node is formatted with */
  clusterId?: string;
  /** ISO time written into cluster.json (injected to keep the function pure) */
  createdAt?: string;
}

export interface LabNode {
  id: number;
  /** broker, or broker,controller in KRaft mode */
  roles: string[];
  /** config file name, relative to the lab folder */
  configFile: string;
  host: string;
  port: number;
  controllerPort?: number;
  logDir: string;
  /** where the server's own log files go (LOG_DIR) */
  serverLogDir: string;
}

export interface LabManifest {
  kind: 'kafka-lab-cluster';
  version: 1;
  mode: ServerMode;
  engineVersion: string;
  heap: string;
  createdAt: string;
  dir: string;
  clusterId?: string;
  partitions: number;
  replicationFactor: number;
  zookeeper?: { configFile: string; host: string; port: number; dataDir: string; serverLogDir: string };
  nodes: LabNode[];
  bootstrapServers: string;
}

export interface ScaffoldFile {
  /** relative to the lab folder */
  name: string;
  content: string;
}

export interface Scaffold {
  manifest: LabManifest;
  files: ScaffoldFile[];
  /** the text of TERMINALS.md, also printed by the command */
  terminals: string;
  /** every port the lab will listen on, with what uses it */
  ports: { port: number; owner: string }[];
}

export function validateScaffoldOptions(o: ScaffoldOptions): string | undefined {
  if (!Number.isInteger(o.brokers) || o.brokers < 1 || o.brokers > MAX_BROKERS) return `--brokers must be a whole number from 1 to ${MAX_BROKERS} (got ${o.brokers})`;
  const rf = o.replicationFactor ?? Math.min(3, o.brokers);
  if (!Number.isInteger(rf) || rf < 1 || rf > o.brokers) return `--replication-factor must be from 1 to the number of brokers (${o.brokers}), got ${rf}`;
  if (o.partitions !== undefined && (!Number.isInteger(o.partitions) || o.partitions < 1)) return `--partitions must be a whole number of at least 1 (got ${o.partitions})`;
  if (o.portStep !== undefined && (!Number.isInteger(o.portStep) || o.portStep < 1)) return `--port-step must be at least 1 (got ${o.portStep})`;
  if (o.mode === 'zookeeper' && Number(o.engineVersion.split('.')[0]) >= 4) return `Kafka ${o.engineVersion} has no ZooKeeper mode`;
  if (o.heap !== undefined && !/^\d+[kKmMgG]?$/.test(o.heap)) return `--heap must look like 512m or 1g (got ${o.heap})`;
  const s = buildPorts(o);
  const seen = new Map<number, string>();
  for (const p of s) {
    if (p.port < 1 || p.port > 65535) return `port ${p.port} for ${p.owner} is out of range; choose a lower --base-port`;
    const other = seen.get(p.port);
    if (other) return `port ${p.port} would be used by both ${other} and ${p.owner}; change --base-port, --port-step or --zookeeper-port`;
    seen.set(p.port, p.owner);
  }
  return undefined;
}

function buildPorts(o: ScaffoldOptions): { port: number; owner: string }[] {
  const base = o.basePort ?? 9092;
  const step = o.portStep ?? 1;
  const ports: { port: number; owner: string }[] = [];
  if (o.mode === 'zookeeper') ports.push({ port: o.zookeeperPort ?? 2181, owner: 'ZooKeeper' });
  for (let i = 0; i < o.brokers; i++) {
    ports.push({ port: base + i * step, owner: `broker ${i + 1}` });
    if (o.mode === 'kraft') ports.push({ port: (o.controllerBasePort ?? base + 100) + i * step, owner: `controller ${i + 1}` });
  }
  return ports;
}

/** Internal topics and defaults sized for the number of brokers (what the issue calls "sized for N"). */
export function sizedDefaults(brokers: number, replicationFactor?: number, partitions?: number): [string, string][] {
  const rf = replicationFactor ?? Math.min(3, brokers);
  const internalRf = Math.min(3, brokers);
  return [
    ['num.partitions', String(partitions ?? brokers)],
    ['default.replication.factor', String(rf)],
    ['min.insync.replicas', String(Math.min(2, rf))],
    ['offsets.topic.replication.factor', String(internalRf)],
    ['transaction.state.log.replication.factor', String(internalRf)],
    ['transaction.state.log.min.isr', String(Math.min(2, internalRf))],
  ];
}

export function scaffoldCluster(o: ScaffoldOptions): Scaffold {
  const problem = validateScaffoldOptions(o);
  if (problem) throw new Error(problem);
  const base = o.basePort ?? 9092;
  const step = o.portStep ?? 1;
  const zkPort = o.zookeeperPort ?? 2181;
  const controllerBase = o.controllerBasePort ?? base + 100;
  const rf = o.replicationFactor ?? Math.min(3, o.brokers);
  const partitions = o.partitions ?? o.brokers;
  const heap = o.heap ?? '512m';
  if (o.mode === 'kraft' && !o.clusterId) throw new Error('KRaft mode needs a cluster id');

  const nodes: LabNode[] = [];
  for (let i = 0; i < o.brokers; i++) {
    const id = i + 1;
    nodes.push({
      id,
      roles: o.mode === 'kraft' ? ['broker', 'controller'] : ['broker'],
      configFile: `server-${id}.properties`,
      host: LAB_HOST,
      port: base + i * step,
      controllerPort: o.mode === 'kraft' ? controllerBase + i * step : undefined,
      logDir: join(o.dir, 'data', `broker-${id}`),
      serverLogDir: join(o.dir, 'logs', `broker-${id}`),
    });
  }
  const bootstrapServers = nodes.map((n) => `${n.host}:${n.port}`).join(',');
  const zookeeper = o.mode === 'zookeeper'
    ? { configFile: ZOOKEEPER_CONFIG, host: LAB_HOST, port: zkPort, dataDir: join(o.dir, 'data', 'zookeeper'), serverLogDir: join(o.dir, 'logs', 'zookeeper') }
    : undefined;

  const files: ScaffoldFile[] = [];
  if (zookeeper) {
    files.push({
      name: ZOOKEEPER_CONFIG,
      content: formatProperties(
        [
          ['dataDir', zookeeper.dataDir],
          ['clientPort', String(zkPort)],
          ['clientPortAddress', LAB_HOST],
          ['maxClientCnxns', '0'],
          ['admin.enableServer', 'false'],
          ['4lw.commands.whitelist', '*'],
        ],
        `ZooKeeper for the kafka-lab cluster in ${o.dir}\nGenerated by kafka-lab cluster-scaffold; its own data directory, never shared with a broker.`,
      ),
    });
  }
  const voters = nodes.map((n) => `${n.id}@${n.host}:${n.controllerPort}`).join(',');
  for (const n of nodes) {
    const entries: [string, string][] = [];
    if (o.mode === 'zookeeper') {
      entries.push(
        ['broker.id', String(n.id)],
        ['listeners', `PLAINTEXT://${n.host}:${n.port}`],
        ['advertised.listeners', `PLAINTEXT://${n.host}:${n.port}`],
        ['log.dirs', n.logDir],
        ['zookeeper.connect', `${zookeeper!.host}:${zookeeper!.port}`],
        ['zookeeper.connection.timeout.ms', '18000'],
      );
    } else {
      entries.push(
        ['process.roles', 'broker,controller'],
        ['node.id', String(n.id)],
        ['controller.quorum.voters', voters],
        ['listeners', `PLAINTEXT://${n.host}:${n.port},CONTROLLER://${n.host}:${n.controllerPort}`],
        ['advertised.listeners', `PLAINTEXT://${n.host}:${n.port}`],
        ['inter.broker.listener.name', 'PLAINTEXT'],
        ['controller.listener.names', 'CONTROLLER'],
        ['listener.security.protocol.map', 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT'],
        ['log.dirs', n.logDir],
      );
    }
    entries.push(
      ...sizedDefaults(o.brokers, rf, partitions),
      // a lab wants its first consumer group to start at once, not after 3 s
      ['group.initial.rebalance.delay.ms', '0'],
    );
    const header = [
      `Broker ${n.id} of ${o.brokers} (${o.mode === 'kraft' ? 'KRaft, combined broker+controller' : 'ZooKeeper mode'}) of the kafka-lab cluster in ${o.dir}`,
      'Generated by kafka-lab cluster-scaffold: id, ports and log.dirs are unique to this file.',
    ].join('\n');
    files.push({ name: n.configFile, content: formatProperties(entries, header) });
  }

  const manifest: LabManifest = {
    kind: 'kafka-lab-cluster',
    version: 1,
    mode: o.mode,
    engineVersion: o.engineVersion,
    heap,
    createdAt: o.createdAt ?? new Date(0).toISOString(),
    dir: o.dir,
    clusterId: o.clusterId,
    partitions,
    replicationFactor: rf,
    zookeeper,
    nodes,
    bootstrapServers,
  };
  const terminals = terminalsText(manifest);
  files.push(
    { name: MANIFEST_FILE, content: JSON.stringify(manifest, null, 2) + '\n' },
    { name: '.kafka-lab-profile.json', content: JSON.stringify({ name: 'lab', bootstrapServers }, null, 2) + '\n' },
    { name: TERMINALS_FILE, content: terminals },
  );
  return { manifest, files, terminals, ports: buildPorts(o) };
}

/** The several-terminals way of running the lab, one section per terminal. */
export function terminalsText(m: LabManifest): string {
  const lines: string[] = [
    `# The ${m.nodes.length}-broker lab in ${m.dir}, one terminal per process`,
    '',
    `Run every command from this folder (\`cd ${m.dir}\`): client commands then find the brokers`,
    `(${m.bootstrapServers}) in .kafka-lab-profile.json without --bootstrap-server.`,
    'Or start everything in one go with `kafka-lab cluster up` and stop it with `kafka-lab cluster down`.',
    '',
  ];
  let t = 1;
  // the default engine is 3.9.2: name any other version so each terminal runs the lab's one
  const engine = m.engineVersion !== LAST_ZOOKEEPER_KAFKA ? ` --engine ${m.engineVersion}` : '';
  if (m.zookeeper) {
    lines.push(`## Terminal ${t++}: ZooKeeper`, '', '```sh', `kafka-lab zookeeper-start ${m.zookeeper.configFile} --heap 256m${engine}`, '```', '');
  } else {
    lines.push(
      '## Before the first start (KRaft): format each node\'s storage with the one cluster id',
      '',
      '```sh',
      ...m.nodes.map((n) => `kafka-lab storage format --cluster-id ${m.clusterId} --config ${n.configFile}${engine}`),
      '```',
      '',
    );
  }
  for (const n of m.nodes) {
    lines.push(`## Terminal ${t++}: broker ${n.id} (${n.host}:${n.port})`, '', '```sh', `kafka-lab server-start ${n.configFile} --heap ${m.heap}${engine}`, '```', '');
  }
  const rf = m.replicationFactor;
  lines.push(
    `## Terminal ${t++}: a producer`,
    '',
    '```sh',
    `kafka-lab topics --create --topic lab-events --partitions ${m.partitions} --replication-factor ${rf}`,
    'kafka-lab console-producer --topic lab-events',
    '```',
    '',
    `## Terminal ${t++}: a consumer`,
    '',
    '```sh',
    'kafka-lab console-consumer --topic lab-events --from-beginning --group lab-readers',
    '```',
    '',
    '## Then',
    '',
    '```sh',
    'kafka-lab topics --describe --topic lab-events      # leaders, replicas, ISR',
    `kafka-lab cluster stop-broker ${m.nodes[m.nodes.length - 1]!.id}                       # a failover: watch leaders move`,
    `kafka-lab cluster start-broker ${m.nodes[m.nodes.length - 1]!.id}`,
    '```',
    '',
  );
  return lines.join('\n');
}
