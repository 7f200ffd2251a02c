/**
 * The data-lake lab generator: a pure function from options to the files of a lab folder.
 * It reuses the broker lab (src/cluster/scaffold.ts) and adds the database, the lake (HDFS or a
 * local folder), mosquitto, two Kafka Connect workers kept as separate processes and their
 * connector files:
 *
 *   database rows --Debezium--> topic --+                 +--> Iceberg table lake.orders
 *                                       +-- ingest worker  lake worker
 *   devices --MQTT--> mosquitto --MQTT source--> topic ---+--> Iceberg table lake.readings
 *
 * The ingest worker brings data into Kafka, the lake worker takes it out: one failing never
 * stops the other.
 */
import { join, basename } from 'node:path';
import type { ServerMode } from '../config/server-config.js';
import { PropertiesDocument } from '../config/properties.js';
import { DEFAULT_DB_PORTS, type DbKind, dbConnection, SEED_DATABASE, SEED_TABLE } from '../components/db/config.js';
import { DEFAULT_HDFS_PORTS, type HdfsPorts } from '../components/hdfs/config.js';
import { DEFAULT_MQTT_PORT } from '../components/mqtt/server.js';
import { MANIFEST_FILE, type Scaffold, type ScaffoldFile, scaffoldCluster, TERMINALS_FILE, validateScaffoldOptions } from '../cluster/scaffold.js';
import type { LakeKind, PipelinesSection, PipelineTopic, PipelineWorker, WorkerName } from './types.js';
import { pipelinesTerminals } from './terminals.js';

export interface PipelinesOptions {
  /** absolute path of the lab folder */
  dir: string;
  mode: ServerMode;
  engineVersion: string;
  brokers: number;
  db: DbKind;
  lake: LakeKind;
  /**
   * every port of the lab from here on (brokers, controllers, ZooKeeper, database, MQTT, the two
   * workers, HDFS); absent: each component's usual port
   */
  basePort?: number;
  /** heap of each broker */
  heap?: string;
  /** heap of each Connect worker */
  workerHeap?: string;
  clusterId?: string;
  createdAt?: string;
  /** the database folder: inside the lab unless the database's user cannot reach it (PostgreSQL as root) */
  dbDir?: string;
  /** where the installed plugins live ($KAFKA_LAB_HOME/plugins): the workers' plugin folders link to them */
  pluginsHome: string;
}

/** Ports of a lab: the usual ones, or a block from basePort (see layoutPorts). */
export interface PipelinesPorts {
  broker: number;
  controller: number;
  zookeeper: number;
  db: number;
  mqtt: number;
  ingest: number;
  lake: number;
  hdfs: HdfsPorts;
}

/** Connect's usual REST port, and the one after it for the second worker. */
export const DEFAULT_CONNECT_PORTS: Record<WorkerName, number> = { ingest: 8083, lake: 8084 };
/** how many ports a lab from --base-port N uses: N .. N+29 */
export const PORT_BLOCK = 30;

export function layoutPorts(o: Pick<PipelinesOptions, 'basePort' | 'db'>): PipelinesPorts {
  const b = o.basePort;
  if (b === undefined) {
    return {
      broker: 9092,
      controller: 9192,
      zookeeper: 2181,
      db: DEFAULT_DB_PORTS[o.db],
      mqtt: DEFAULT_MQTT_PORT,
      ingest: DEFAULT_CONNECT_PORTS.ingest,
      lake: DEFAULT_CONNECT_PORTS.lake,
      hdfs: DEFAULT_HDFS_PORTS,
    };
  }
  // brokers N..N+8, controllers N+10..N+18, then one port each
  return {
    broker: b,
    controller: b + 10,
    zookeeper: b + 20,
    db: b + 21,
    mqtt: b + 22,
    ingest: b + 23,
    lake: b + 24,
    hdfs: { rpc: b + 25, http: b + 26, datanode: b + 27, datanodeHttp: b + 28, datanodeIpc: b + 29 },
  };
}

/** Every port of the lab with its owner (for the scaffold warning and the clash check). */
export function pipelinesPortList(o: PipelinesOptions): { port: number; owner: string }[] {
  const p = layoutPorts(o);
  const list = [
    { port: p.db, owner: o.db === 'postgres' ? 'PostgreSQL' : 'MariaDB' },
    { port: p.mqtt, owner: 'mosquitto' },
    { port: p.ingest, owner: 'the ingest worker (REST)' },
    { port: p.lake, owner: 'the lake worker (REST)' },
  ];
  if (o.lake === 'hdfs')
    list.push(
      { port: p.hdfs.rpc, owner: 'HDFS NameNode RPC' },
      { port: p.hdfs.http, owner: 'HDFS NameNode HTTP' },
      { port: p.hdfs.datanode, owner: 'HDFS DataNode' },
      { port: p.hdfs.datanodeHttp, owner: 'HDFS DataNode HTTP' },
      { port: p.hdfs.datanodeIpc, owner: 'HDFS DataNode IPC' },
    );
  return list;
}

function clusterOptions(o: PipelinesOptions) {
  const p = layoutPorts(o);
  return {
    brokers: o.brokers,
    dir: o.dir,
    mode: o.mode,
    engineVersion: o.engineVersion,
    basePort: p.broker,
    zookeeperPort: p.zookeeper,
    controllerBasePort: p.controller,
    heap: o.heap,
    clusterId: o.clusterId,
    createdAt: o.createdAt,
    // one partition per topic: readings and rows keep their order, each sink has one task
    partitions: 1,
    brokerExtras: transactionSettings(o.brokers),
  };
}

/**
 * The Iceberg sink commits through a transactional producer: the transaction log must exist and
 * be writable with the brokers the lab has (its replication factor and min.isr come with the
 * sized defaults); 50 partitions on a laptop lab are only slower to create.
 */
export function transactionSettings(brokers: number): [string, string][] {
  return [['transaction.state.log.num.partitions', String(Math.max(4, brokers * 2))]];
}

export function validatePipelinesOptions(o: PipelinesOptions): string | undefined {
  if (o.basePort !== undefined && (!Number.isInteger(o.basePort) || o.basePort < 1024 || o.basePort + PORT_BLOCK - 1 > 65535))
    return `--base-port must be from 1024 to ${65535 - PORT_BLOCK + 1}: the lab uses ${PORT_BLOCK} ports from it (got ${o.basePort})`;
  if (o.workerHeap !== undefined && !/^\d+[kKmMgG]?$/.test(o.workerHeap)) return `--worker-heap must look like 512m or 1g (got ${o.workerHeap})`;
  const problem = validateScaffoldOptions(clusterOptions(o));
  if (problem) return problem;
  const p = layoutPorts(o);
  const seen = new Map<number, string>();
  const brokerPorts = Array.from({ length: o.brokers }, (_, i) => ({ port: p.broker + i, owner: `broker ${i + 1}` }));
  if (o.mode === 'kraft') brokerPorts.push(...Array.from({ length: o.brokers }, (_, i) => ({ port: p.controller + i, owner: `controller ${i + 1}` })));
  else brokerPorts.push({ port: p.zookeeper, owner: 'ZooKeeper' });
  for (const x of [...brokerPorts, ...pipelinesPortList(o)]) {
    const other = seen.get(x.port);
    if (other) return `port ${x.port} would be used by both ${other} and ${x.owner}; choose another --base-port`;
    seen.set(x.port, x.owner);
  }
  return undefined;
}

/** Debezium's topic for the seed table: <topic.prefix>.<schema or database>.<table>. */
export function cdcTopic(kind: DbKind): string {
  return kind === 'postgres' ? `${TOPIC_PREFIX}.public.${SEED_TABLE}` : `${TOPIC_PREFIX}.${SEED_DATABASE}.${SEED_TABLE}`;
}

const TOPIC_PREFIX = 'lab';
export const READINGS_TOPIC = 'device-readings';
export const MQTT_TOPIC_FILTER = 'devices/+';
export const PLUGINS: Record<WorkerName | DbKind, string[]> = {
  ingest: ['mqtt'],
  lake: ['iceberg'],
  postgres: ['debezium-postgres'],
  mariadb: ['debezium-mariadb'],
};
/** the lab's commit interval of the Iceberg sink: Iceberg's default is 5 minutes */
export const LAKE_COMMIT_INTERVAL_MS = 10_000;

const JSON_CONVERTER = 'org.apache.kafka.connect.json.JsonConverter';

/** Debezium source for the seed table: snapshot first, then every change, one flat JSON message per row. */
export function cdcConnector(kind: DbKind, port: number, bootstrap: string): Record<string, string> {
  const c = dbConnection(kind, '127.0.0.1', port);
  const common: Record<string, string> = {
    'tasks.max': '1',
    'database.hostname': c.host,
    'database.port': String(c.port),
    'database.user': c.user,
    'database.password': c.password,
    'topic.prefix': TOPIC_PREFIX,
    // numeric(10,2) as a JSON number, not Connect's base64 Decimal bytes
    'decimal.handling.mode': 'double',
    'key.converter': JSON_CONVERTER,
    'key.converter.schemas.enable': 'false',
    'value.converter': JSON_CONVERTER,
    'value.converter.schemas.enable': 'false',
    // the row after the change, flat, plus the operation (r = snapshot, c = insert, u = update)
    transforms: 'unwrap',
    'transforms.unwrap.type': 'io.debezium.transforms.ExtractNewRecordState',
    'transforms.unwrap.add.fields': 'op,source.ts_ms',
  };
  if (kind === 'postgres') {
    return {
      'connector.class': 'io.debezium.connector.postgresql.PostgresConnector',
      ...common,
      'database.dbname': SEED_DATABASE,
      'table.include.list': `public.${SEED_TABLE}`,
      'plugin.name': 'pgoutput',
      'slot.name': 'kafka_lab_orders',
      'publication.name': 'kafka_lab_orders',
      'publication.autocreate.mode': 'filtered',
    };
  }
  return {
    'connector.class': 'io.debezium.connector.mariadb.MariaDbConnector',
    ...common,
    'database.server.id': '5400',
    'database.include.list': SEED_DATABASE,
    'table.include.list': `${SEED_DATABASE}.${SEED_TABLE}`,
    // Debezium keeps the table definitions it has seen in a topic of its own
    'schema.history.internal.kafka.bootstrap.servers': bootstrap,
    'schema.history.internal.kafka.topic': `_schema-history.${TOPIC_PREFIX}`,
    'include.schema.changes': 'false',
  };
}

/** kafka-lab's MQTT source: every reading a device publishes becomes one record (key = MQTT topic). */
export function mqttConnector(port: number): Record<string, string> {
  return {
    'connector.class': 'dev.kafkalab.connect.mqtt.MqttSourceConnector',
    'tasks.max': '1',
    'mqtt.server.uri': `tcp://127.0.0.1:${port}`,
    'mqtt.topics': MQTT_TOPIC_FILTER,
    'kafka.topic': READINGS_TOPIC,
    'mqtt.qos': '1',
    'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
    'value.converter': 'org.apache.kafka.connect.converters.ByteArrayConverter',
  };
}

/** Apache Iceberg's sink: one topic into one table of a Hadoop catalog, created from the first records. */
export function icebergConnector(o: {
  topic: string;
  table: string;
  warehouse: string;
  controlTopic: string;
  lake: LakeKind;
  /** Connect casts of fields that JSON may carry as whole numbers (21 instead of 21.0) */
  casts?: string;
}): Record<string, string> {
  const config: Record<string, string> = {
    'connector.class': 'org.apache.iceberg.connect.IcebergSinkConnector',
    'tasks.max': '1',
    topics: o.topic,
    'iceberg.tables': o.table,
    'iceberg.tables.auto-create-enabled': 'true',
    'iceberg.tables.evolve-schema-enabled': 'true',
    'iceberg.catalog.type': 'hadoop',
    'iceberg.catalog.warehouse': o.warehouse,
    // each Iceberg sink has its own control topic; commits every 10 s instead of 5 minutes
    'iceberg.control.topic': o.controlTopic,
    'iceberg.control.commit.interval-ms': String(LAKE_COMMIT_INTERVAL_MS),
    'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
    'value.converter': JSON_CONVERTER,
    'value.converter.schemas.enable': 'false',
  };
  if (o.lake === 'hdfs') {
    // one DataNode: one copy of each block; and give up on a stopped HDFS after seconds, not minutes
    config['iceberg.hadoop.dfs.replication'] = '1';
    config['iceberg.hadoop.ipc.client.connect.max.retries'] = '2';
    config['iceberg.hadoop.ipc.client.connect.retry.interval'] = '500';
  }
  if (o.casts) {
    config.transforms = 'cast';
    config['transforms.cast.type'] = 'org.apache.kafka.connect.transforms.Cast$Value';
    config['transforms.cast.spec'] = o.casts;
  }
  return config;
}

/** A distributed worker of its own Connect cluster: connectors come through its REST API and stay in its config topic. */
export function workerProperties(o: {
  name: WorkerName;
  labDir: string;
  bootstrap: string;
  port: number;
  pluginDir: string;
  replicationFactor: number;
  purpose: string;
}): string {
  const d = PropertiesDocument.empty();
  d.comment(
    [
      `The ${o.name} worker of the data-lake lab in ${o.labDir}: ${o.purpose}.`,
      `Generated by kafka-lab pipelines-scaffold. A distributed worker, alone in its Connect cluster (group.id connect-${o.name}):`,
      'its connectors are applied through its REST API (kafka-lab cluster up does it from the connectors/ folder)',
      'and kept in its config topic, so they come back when the worker restarts.',
    ].join('\n'),
  );
  d.set('bootstrap.servers', o.bootstrap);
  d.set('group.id', `connect-${o.name}`);
  d.blank().comment("Connect's own topics (one set per worker group; sized for the lab's brokers)");
  for (const k of ['config', 'offset', 'status']) {
    d.set(`${k}.storage.topic`, `_connect-${o.name}-${k === 'config' ? 'configs' : k === 'offset' ? 'offsets' : 'status'}`);
    d.set(`${k}.storage.replication.factor`, String(o.replicationFactor));
  }
  d.set('offset.storage.partitions', '5');
  d.set('status.storage.partitions', '1');
  d.set('offset.flush.interval.ms', '5000');
  d.blank().comment('the default converters; each connector file names its own');
  d.set('key.converter', JSON_CONVERTER);
  d.set('value.converter', JSON_CONVERTER);
  d.blank().comment('REST API on loopback (kafka-lab connect ... --url http://127.0.0.1:PORT)');
  d.set('listeners', `http://127.0.0.1:${o.port}`);
  d.set('rest.advertised.host.name', '127.0.0.1');
  d.set('rest.advertised.port', String(o.port));
  d.blank().comment(
    'only the plugins this worker needs (links to the ones kafka-lab plugin install put in place),\nfound through their ServiceLoader manifests: a worker starts in seconds instead of scanning every jar',
  );
  d.set('plugin.path', o.pluginDir);
  d.set('plugin.discovery', 'service_load');
  return d.toString();
}

function connectorFile(name: string, config: Record<string, string>): string {
  return `${JSON.stringify({ name, config }, null, 2)}\n`;
}

export interface PipelinesScaffold extends Scaffold {
  /** links to make: the workers' plugin folders point at installed plugins */
  links: { name: string; target: string }[];
}

export function scaffoldPipelines(o: PipelinesOptions): PipelinesScaffold {
  const problem = validatePipelinesOptions(o);
  if (problem) throw new Error(problem);
  const cluster = scaffoldCluster(clusterOptions(o));
  const m = cluster.manifest;
  const p = layoutPorts(o);
  const rf = Math.min(3, o.brokers);
  const bootstrap = m.bootstrapServers;
  const workerHeap = o.workerHeap ?? '512m';
  const dbDir = o.dbDir ?? join(o.dir, 'db');
  const warehouse = o.lake === 'hdfs' ? `hdfs://127.0.0.1:${p.hdfs.rpc}/warehouse` : `file://${join(o.dir, 'warehouse')}`;
  const ordersTopic = cdcTopic(o.db);

  const files: ScaffoldFile[] = cluster.files.filter((f) => f.name !== MANIFEST_FILE && f.name !== TERMINALS_FILE && f.name !== '.kafka-lab-profile.json');
  const worker = (name: WorkerName, port: number, connectors: { name: string; config: Record<string, string> }[], plugins: string[]): PipelineWorker => {
    const configFile = join(o.dir, 'connect', `${name}-worker.properties`);
    const pluginDir = join(o.dir, 'plugins', name);
    files.push({
      name: `connect/${name}-worker.properties`,
      content: workerProperties({
        name,
        labDir: o.dir,
        bootstrap,
        port,
        pluginDir,
        replicationFactor: rf,
        purpose: name === 'ingest' ? 'database rows (Debezium) and device readings (MQTT) into Kafka' : 'Kafka topics into Iceberg tables in the lake',
      }),
    });
    for (const c of connectors) files.push({ name: `connectors/${name}/${c.name}.json`, content: connectorFile(c.name, c.config) });
    return {
      name,
      configFile,
      port,
      restUrl: `http://127.0.0.1:${port}`,
      pluginDir,
      plugins,
      logDir: join(o.dir, 'logs', `connect-${name}`),
      heap: workerHeap,
      connectors: connectors.map((c) => ({ name: c.name, file: join(o.dir, 'connectors', name, `${c.name}.json`) })),
    };
  };
  const workers = [
    worker(
      'ingest',
      p.ingest,
      [
        { name: 'orders-cdc', config: cdcConnector(o.db, p.db, bootstrap) },
        { name: 'readings-mqtt', config: mqttConnector(p.mqtt) },
      ],
      [...PLUGINS[o.db], ...PLUGINS.ingest],
    ),
    worker(
      'lake',
      p.lake,
      [
        {
          name: 'orders-lake',
          config: icebergConnector({ topic: ordersTopic, table: 'lake.orders', warehouse, controlTopic: 'lake-orders-control', lake: o.lake }),
        },
        {
          name: 'readings-lake',
          config: icebergConnector({
            topic: READINGS_TOPIC,
            table: 'lake.readings',
            warehouse,
            controlTopic: 'lake-readings-control',
            lake: o.lake,
            casts: 'temperature:float64,humidity:float64,pressure:float64,battery:float64',
          }),
        },
      ],
      PLUGINS.lake,
    ),
  ];
  const topics: PipelineTopic[] = [
    { name: ordersTopic, partitions: 1, replicationFactor: rf, role: `rows of ${SEED_DATABASE}.${SEED_TABLE} (Debezium)` },
    { name: READINGS_TOPIC, partitions: 1, replicationFactor: rf, role: 'device readings (MQTT source)' },
    // Iceberg: one partition each, the commit coordinator's messages
    { name: 'lake-orders-control', partitions: 1, replicationFactor: rf, role: 'Iceberg commits of lake.orders', control: true },
    { name: 'lake-readings-control', partitions: 1, replicationFactor: rf, role: 'Iceberg commits of lake.readings', control: true },
  ];
  const pipelines: PipelinesSection = {
    db: { kind: o.db, dir: dbDir, port: p.db, database: SEED_DATABASE, table: SEED_TABLE, topic: ordersTopic },
    lake:
      o.lake === 'hdfs'
        ? { kind: 'hdfs', warehouse, hdfs: { dir: join(o.dir, 'hdfs'), ports: p.hdfs, heap: '256m' } }
        : { kind: 'local', warehouse, localDir: join(o.dir, 'warehouse') },
    mqtt: { dir: join(o.dir, 'mosquitto'), port: p.mqtt, topicFilter: MQTT_TOPIC_FILTER, topic: READINGS_TOPIC },
    workers,
    topics,
    tables: [
      { name: 'lake.orders', topic: ordersTopic, connector: 'orders-lake' },
      { name: 'lake.readings', topic: READINGS_TOPIC, connector: 'readings-lake' },
    ],
  };
  const manifest = { ...m, pipelines };
  const terminals = pipelinesTerminals(manifest);
  files.push(
    { name: MANIFEST_FILE, content: `${JSON.stringify(manifest, null, 2)}\n` },
    {
      name: '.kafka-lab-profile.json',
      content: `${JSON.stringify({ name: basename(o.dir), bootstrapServers: bootstrap, connectUrl: workers[0]!.restUrl }, null, 2)}\n`,
    },
    { name: TERMINALS_FILE, content: terminals },
  );
  const links = workers.flatMap((w) => w.plugins.map((name) => ({ name: `plugins/${w.name}/${name}`, target: join(o.pluginsHome, name) })));
  return { manifest, files, terminals, ports: [...cluster.ports, ...pipelinesPortList(o)], links };
}
