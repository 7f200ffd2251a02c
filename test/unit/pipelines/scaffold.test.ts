import { describe, expect, it } from 'vitest';
import { parseProperties } from '../../../src/config/properties.js';
import { interpretServerConfig } from '../../../src/config/server-config.js';
import { findConfigClashes } from '../../../src/cluster/validate.js';
import {
  layoutPorts,
  PORT_BLOCK,
  type PipelinesOptions,
  pipelinesPortList,
  scaffoldPipelines,
  validatePipelinesOptions,
} from '../../../src/pipelines/scaffold.js';

const base = (extra: Partial<PipelinesOptions> = {}): PipelinesOptions => ({
  dir: '/labs/lake',
  mode: 'zookeeper',
  engineVersion: '3.9.2',
  brokers: 1,
  db: 'postgres',
  lake: 'hdfs',
  pluginsHome: '/home/u/.kafka-lab/plugins',
  createdAt: '2026-01-01T00:00:00.000Z',
  ...extra,
});

const fileOf = (s: ReturnType<typeof scaffoldPipelines>, name: string) => {
  const f = s.files.find((x) => x.name === name);
  if (!f) throw new Error(`no ${name} in ${s.files.map((x) => x.name).join(', ')}`);
  return f.content;
};
const connector = (s: ReturnType<typeof scaffoldPipelines>, name: string) => JSON.parse(fileOf(s, name)) as { name: string; config: Record<string, string> };

describe('ports', () => {
  it('uses every component’s usual port by default', () => {
    const p = layoutPorts({ db: 'postgres' });
    expect(p).toMatchObject({ broker: 9092, zookeeper: 2181, db: 5433, mqtt: 1883, ingest: 8083, lake: 8084 });
    expect(p.hdfs).toEqual({ rpc: 8020, http: 9870, datanode: 9866, datanodeHttp: 9864, datanodeIpc: 9867 });
    expect(layoutPorts({ db: 'mariadb' }).db).toBe(3307);
  });

  it('puts every port in one block from --base-port, none shared', () => {
    for (const mode of ['zookeeper', 'kraft'] as const) {
      const o = base({ basePort: 30000, brokers: 9, mode, clusterId: 'MkU3OEVBNTcwNTJENDM2Qk' });
      expect(validatePipelinesOptions(o)).toBeUndefined();
      const s = scaffoldPipelines(o);
      const ports = s.ports.map((x) => x.port);
      expect(new Set(ports).size).toBe(ports.length);
      expect(Math.min(...ports)).toBe(30000);
      expect(Math.max(...ports)).toBeLessThan(30000 + PORT_BLOCK);
    }
  });

  it('lists HDFS ports only with an HDFS lake', () => {
    expect(pipelinesPortList(base({ lake: 'local' })).some((p) => p.owner.startsWith('HDFS'))).toBe(false);
    expect(pipelinesPortList(base()).filter((p) => p.owner.startsWith('HDFS'))).toHaveLength(5);
  });

  it('refuses a base port whose block does not fit, and clashing ports', () => {
    expect(validatePipelinesOptions(base({ basePort: 65530 }))).toBe('--base-port must be from 1024 to 65506: the lab uses 30 ports from it (got 65530)');
    expect(validatePipelinesOptions(base({ basePort: 80 }))).toMatch(/^--base-port must be from 1024/);
    expect(validatePipelinesOptions(base({ brokers: 0 }))).toBe('--brokers must be a whole number from 1 to 9 (got 0)');
    expect(validatePipelinesOptions(base({ workerHeap: 'lots' }))).toBe('--worker-heap must look like 512m or 1g (got lots)');
    expect(validatePipelinesOptions(base({ brokers: 3, mode: 'kraft', engineVersion: '4.1.2', clusterId: 'x' }))).toBeUndefined();
  });
});

describe('the brokers', () => {
  for (const brokers of [1, 3]) {
    it(`${brokers} broker(s): transaction log sized for the brokers (the Iceberg sink commits in transactions), one partition per topic`, () => {
      const s = scaffoldPipelines(base({ brokers, basePort: 30000 }));
      const configs = s.manifest.nodes.map((n) => parseProperties(fileOf(s, n.configFile)));
      expect(configs).toHaveLength(brokers);
      for (const c of configs) {
        expect(c.get('transaction.state.log.replication.factor')).toBe(String(Math.min(3, brokers)));
        expect(c.get('transaction.state.log.min.isr')).toBe(String(Math.min(2, Math.min(3, brokers))));
        expect(c.get('transaction.state.log.num.partitions')).toBe(String(Math.max(4, 2 * brokers)));
        expect(c.get('offsets.topic.replication.factor')).toBe(String(Math.min(3, brokers)));
        expect(c.get('num.partitions')).toBe('1');
      }
      const files = s.manifest.nodes.map((n) => ({
        path: n.configFile,
        props: parseProperties(fileOf(s, n.configFile)),
        role: 'broker' as const,
      }));
      expect(findConfigClashes(files)).toEqual([]);
      expect(interpretServerConfig(files[0]!.props, files[0]!.path).listeners[0]!.port).toBe(30000);
    });
  }
});

describe('the two workers', () => {
  const s = scaffoldPipelines(base({ brokers: 3, basePort: 30000 }));
  const ingest = parseProperties(fileOf(s, 'connect/ingest-worker.properties'));
  const lake = parseProperties(fileOf(s, 'connect/lake-worker.properties'));

  it('are distributed workers of two separate Connect clusters', () => {
    expect(ingest.get('group.id')).toBe('connect-ingest');
    expect(lake.get('group.id')).toBe('connect-lake');
    for (const k of ['config.storage.topic', 'offset.storage.topic', 'status.storage.topic']) expect(ingest.get(k)).not.toBe(lake.get(k));
    for (const w of [ingest, lake]) {
      expect(w.get('bootstrap.servers')).toBe('127.0.0.1:30000,127.0.0.1:30001,127.0.0.1:30002');
      expect(w.get('config.storage.replication.factor')).toBe('3');
      expect(w.get('plugin.discovery')).toBe('service_load');
    }
    expect(ingest.get('listeners')).toBe('http://127.0.0.1:30023');
    expect(lake.get('listeners')).toBe('http://127.0.0.1:30024');
  });

  it('load only their own plugins, linked to the installed ones', () => {
    expect(ingest.get('plugin.path')).toBe('/labs/lake/plugins/ingest');
    expect(lake.get('plugin.path')).toBe('/labs/lake/plugins/lake');
    expect(s.links).toEqual([
      { name: 'plugins/ingest/debezium-postgres', target: '/home/u/.kafka-lab/plugins/debezium-postgres' },
      { name: 'plugins/ingest/mqtt', target: '/home/u/.kafka-lab/plugins/mqtt' },
      { name: 'plugins/lake/iceberg', target: '/home/u/.kafka-lab/plugins/iceberg' },
    ]);
    const m = scaffoldPipelines(base({ db: 'mariadb' }));
    expect(m.links.map((l) => l.name)).toContain('plugins/ingest/debezium-mariadb');
  });

  it('are recorded in cluster.json with their connector files, ingest first', () => {
    const w = s.manifest.pipelines!.workers;
    expect(w.map((x) => x.name)).toEqual(['ingest', 'lake']);
    expect(w[0]!.connectors.map((c) => c.name)).toEqual(['orders-cdc', 'readings-mqtt']);
    expect(w[1]!.connectors.map((c) => c.name)).toEqual(['orders-lake', 'readings-lake']);
    expect(w[1]!.connectors[0]!.file).toBe('/labs/lake/connectors/lake/orders-lake.json');
    expect(JSON.parse(fileOf(s, '.kafka-lab-profile.json')).connectUrl).toBe('http://127.0.0.1:30023');
  });
});

describe('connector files', () => {
  it('Debezium PostgreSQL: the seed table, one flat JSON message per row with its operation', () => {
    const s = scaffoldPipelines(base({ basePort: 30000 }));
    const c = connector(s, 'connectors/ingest/orders-cdc.json');
    expect(c.name).toBe('orders-cdc');
    expect(c.config).toMatchObject({
      'connector.class': 'io.debezium.connector.postgresql.PostgresConnector',
      'database.port': '30021',
      'database.dbname': 'lab',
      'table.include.list': 'public.orders',
      'plugin.name': 'pgoutput',
      'topic.prefix': 'lab',
      'transforms.unwrap.type': 'io.debezium.transforms.ExtractNewRecordState',
      'value.converter.schemas.enable': 'false',
    });
    expect(s.manifest.pipelines!.db.topic).toBe('lab.public.orders');
  });

  it('Debezium MariaDB: binlog connector with its schema history in the lab', () => {
    const s = scaffoldPipelines(base({ db: 'mariadb', basePort: 30000 }));
    const c = connector(s, 'connectors/ingest/orders-cdc.json').config;
    expect(c['connector.class']).toBe('io.debezium.connector.mariadb.MariaDbConnector');
    expect(c['database.user']).toBe('root');
    expect(c['schema.history.internal.kafka.bootstrap.servers']).toBe('127.0.0.1:30000');
    expect(c['table.include.list']).toBe('lab.orders');
    expect(s.manifest.pipelines!.db.topic).toBe('lab.lab.orders');
  });

  it('MQTT source: device topics into the readings topic', () => {
    const c = connector(scaffoldPipelines(base({ basePort: 30000 })), 'connectors/ingest/readings-mqtt.json').config;
    expect(c).toMatchObject({ 'mqtt.server.uri': 'tcp://127.0.0.1:30022', 'mqtt.topics': 'devices/+', 'kafka.topic': 'device-readings' });
  });

  it('Iceberg sinks: own control topics, a 10 s commit interval, HDFS or file:// warehouse', () => {
    const h = scaffoldPipelines(base({ basePort: 30000 }));
    const orders = connector(h, 'connectors/lake/orders-lake.json').config;
    const readings = connector(h, 'connectors/lake/readings-lake.json').config;
    expect(orders['iceberg.control.commit.interval-ms']).toBe('10000');
    expect(orders['iceberg.control.topic']).not.toBe(readings['iceberg.control.topic']);
    expect(orders['iceberg.catalog.warehouse']).toBe('hdfs://127.0.0.1:30025/warehouse');
    expect(orders['iceberg.hadoop.dfs.replication']).toBe('1');
    expect(orders.topics).toBe('lab.public.orders');
    expect(readings['transforms.cast.spec']).toContain('humidity:float64');
    const topics = h.manifest.pipelines!.topics;
    expect(topics.filter((t) => t.control).map((t) => t.name)).toEqual([orders['iceberg.control.topic'], readings['iceberg.control.topic']]);

    const l = scaffoldPipelines(base({ lake: 'local' }));
    const local = connector(l, 'connectors/lake/orders-lake.json').config;
    expect(local['iceberg.catalog.warehouse']).toBe('file:///labs/lake/warehouse');
    expect(Object.keys(local).some((k) => k.startsWith('iceberg.hadoop.'))).toBe(false);
    expect(l.manifest.pipelines!.lake).toEqual({ kind: 'local', warehouse: 'file:///labs/lake/warehouse', localDir: '/labs/lake/warehouse' });
  });
});

describe('TERMINALS.md', () => {
  it('runs every process in the order cluster up does, with the lab’s own ports', () => {
    const t = scaffoldPipelines(base({ basePort: 30000 })).terminals;
    const order = [
      'kafka-lab zookeeper-start zookeeper.properties',
      'kafka-lab server-start server-1.properties',
      'kafka-lab db start --dir db --port 30021 --seed',
      'kafka-lab hdfs start --dir hdfs --rpc-port 30025',
      'kafka-lab mqtt start --dir mosquitto --port 30022',
      'kafka-lab topics --create --topic lab.public.orders',
      'kafka-lab connect-distributed connect/ingest-worker.properties',
      'kafka-lab connect-distributed connect/lake-worker.properties',
      'kafka-lab connect apply -f connectors/ingest/orders-cdc.json --url http://127.0.0.1:30023',
      'kafka-lab connect apply -f connectors/lake/readings-lake.json --url http://127.0.0.1:30024',
      'INSERT INTO orders',
      'kafka-lab hdfs ls /warehouse/lake/orders/data --url http://127.0.0.1:30026',
      'kafka-lab device-sim --devices 3',
      'kafka-lab connect restart orders-lake --failed-only --url http://127.0.0.1:30024',
    ];
    let at = -1;
    for (const line of order) {
      const i = t.indexOf(line);
      expect(i, line).toBeGreaterThan(at);
      at = i;
    }
  });

  it('KRaft: formats the storage instead of starting ZooKeeper; MariaDB: --db mariadb everywhere', () => {
    const t = scaffoldPipelines(base({ mode: 'kraft', clusterId: 'MkU3OEVBNTcwNTJENDM2Qk', db: 'mariadb', lake: 'local' })).terminals;
    expect(t).toContain('kafka-lab storage format --cluster-id MkU3OEVBNTcwNTJENDM2Qk --config server-1.properties');
    expect(t).not.toContain('zookeeper-start');
    expect(t).toContain('kafka-lab db start --db mariadb --dir db --port 3307 --seed');
    expect(t).toContain('kafka-lab db sql --db mariadb --port 3307');
    expect(t).toContain('mkdir -p warehouse');
  });
});

describe('a database kept outside the lab (PostgreSQL as root, lab under a closed folder)', () => {
  it('is named in full in TERMINALS.md and recorded in cluster.json', () => {
    const s = scaffoldPipelines(base({ dbDir: '/var/lib/postgresql/kafka-lab/labs/lake-1a2b3c4d' }));
    expect(s.manifest.pipelines!.db.dir).toBe('/var/lib/postgresql/kafka-lab/labs/lake-1a2b3c4d');
    expect(s.terminals).toContain('kafka-lab db start --dir /var/lib/postgresql/kafka-lab/labs/lake-1a2b3c4d --port 5433 --seed');
  });
});
