/**
 * TERMINALS.md of a data-lake lab: the one-terminal-per-process way of running it, every
 * command as a user types it in the lab folder, in the order `cluster up` follows.
 */
import { relative } from 'node:path';
import { LAST_ZOOKEEPER_KAFKA, type LabManifest } from '../cluster/scaffold.js';

export function pipelinesTerminals(m: LabManifest): string {
  const p = m.pipelines!;
  // paths inside the lab as typed from the lab folder; others (a database kept elsewhere) in full
  const rel = (path: string) => {
    const r = relative(m.dir, path);
    return r.startsWith('..') ? path : r || '.';
  };
  const engine = m.engineVersion !== LAST_ZOOKEEPER_KAFKA ? ` --engine ${m.engineVersion}` : '';
  const dbFlag = p.db.kind === 'mariadb' ? ' --db mariadb' : '';
  const ingest = p.workers.find((w) => w.name === 'ingest')!;
  const lake = p.workers.find((w) => w.name === 'lake')!;
  const hdfs = p.lake.hdfs;
  const webHdfs = hdfs ? `http://127.0.0.1:${hdfs.ports.http}` : undefined;
  const sh = (...cmds: string[]) => ['```sh', ...cmds, '```', ''];
  const lines: string[] = [
    `# The data-lake lab in ${m.dir}, one terminal per process`,
    '',
    'Two pipelines, each in its own Kafka Connect worker so that a failure of one never stops the other:',
    '',
    `- **ingest** (REST ${ingest.restUrl}): rows of the ${p.db.kind === 'postgres' ? 'PostgreSQL' : 'MariaDB'} table ${p.db.database}.${p.db.table} (Debezium, change data capture) into the topic \`${p.db.topic}\`,`,
    `  and device readings published to mosquitto (MQTT topics \`${p.mqtt.topicFilter}\`) into the topic \`${p.mqtt.topic}\`;`,
    `- **lake** (REST ${lake.restUrl}): both topics into Apache Iceberg tables (Parquet) ${p.tables.map((t) => `\`${t.name}\``).join(' and ')} in ${p.lake.kind === 'hdfs' ? `HDFS (${p.lake.warehouse})` : `a local folder (${p.lake.warehouse})`}.`,
    '',
    `Run every command from this folder (\`cd ${m.dir}\`): client commands find the brokers (${m.bootstrapServers})`,
    `and the ingest worker in .kafka-lab-profile.json. Or start everything in one go with \`kafka-lab cluster up\`,`,
    'watch it with `kafka-lab cluster status`, and stop it with `kafka-lab cluster down`.',
    '',
    `The plugins the workers need are linked into plugins/ingest and plugins/lake (installed once by \`kafka-lab plugin install ${[...new Set(p.workers.flatMap((w) => w.plugins))].join(' / ')}\`).`,
    '',
  ];
  let t = 1;
  if (m.zookeeper) {
    lines.push(`## Terminal ${t++}: ZooKeeper`, '', ...sh(`kafka-lab zookeeper-start ${m.zookeeper.configFile} --heap 256m${engine}`));
  } else {
    lines.push(
      "## Before the first start (KRaft): format each node's storage with the one cluster id",
      '',
      ...sh(...m.nodes.map((n) => `kafka-lab storage format --cluster-id ${m.clusterId} --config ${n.configFile}${engine}`)),
    );
  }
  for (const n of m.nodes)
    lines.push(`## Terminal ${t++}: broker ${n.id} (${n.host}:${n.port})`, '', ...sh(`kafka-lab server-start ${n.configFile} --heap ${m.heap}${engine}`));
  lines.push(
    '## The servers of the pipelines (each starts in the background; `status` shows it, `stop` stops it)',
    '',
    ...sh(
      `kafka-lab db start${dbFlag} --dir ${rel(p.db.dir)} --port ${p.db.port} --seed        # table ${p.db.database}.${p.db.table} with 3 rows, CDC on`,
      hdfs
        ? `kafka-lab hdfs start --dir ${rel(hdfs.dir)} --rpc-port ${hdfs.ports.rpc} --http-port ${hdfs.ports.http} --datanode-port ${hdfs.ports.datanode} --datanode-http-port ${hdfs.ports.datanodeHttp} --datanode-ipc-port ${hdfs.ports.datanodeIpc}`
        : `mkdir -p ${rel(p.lake.localDir!)}        # the lake: a local folder`,
      `kafka-lab mqtt start --dir ${rel(p.mqtt.dir)} --port ${p.mqtt.port}`,
    ),
    '## The topics',
    '',
    ...sh(
      ...p.topics.map(
        (x) => `kafka-lab topics --create --topic ${x.name} --partitions ${x.partitions} --replication-factor ${x.replicationFactor}   # ${x.role}`,
      ),
    ),
    `## Terminal ${t++}: the ingest worker`,
    '',
    ...sh(`kafka-lab connect-distributed ${rel(ingest.configFile)} --heap ${ingest.heap}${engine}`),
    `## Terminal ${t++}: the lake worker`,
    '',
    ...sh(`kafka-lab connect-distributed ${rel(lake.configFile)} --heap ${lake.heap}${engine}`),
    `## Terminal ${t++}: the connectors, through each worker's REST API`,
    '',
    ...sh(...p.workers.flatMap((w) => w.connectors.map((c) => `kafka-lab connect apply -f ${rel(c.file)} --url ${w.restUrl} --wait 60000`))),
    '## Then: a row into the lake',
    '',
    ...sh(
      `kafka-lab db sql${dbFlag} --port ${p.db.port} "INSERT INTO ${p.db.table} (customer, product, quantity, price) VALUES ('dave', 'mouse', 1, 19.99)"`,
      `kafka-lab console-consumer --topic ${p.db.topic} --from-beginning        # one flat JSON message per row ("__op":"c" for an insert)`,
      `kafka-lab cluster status        # every process, connector and task; the records each Iceberg table holds (commits every 10 s)`,
      hdfs
        ? `kafka-lab hdfs ls /warehouse/lake/orders/data --url ${webHdfs}        # the Parquet files`
        : `ls ${rel(p.lake.localDir!)}/lake/orders/data        # the Parquet files`,
    ),
    '## Device readings',
    '',
    ...sh(
      `kafka-lab device-sim --devices 3 --rate 2 --duration 30 --mqtt mqtt://127.0.0.1:${p.mqtt.port}`,
      `kafka-lab console-consumer --topic ${p.mqtt.topic} --from-beginning --property print.key=true`,
    ),
    '## Watch, break and repair',
    '',
    ...sh(
      `kafka-lab connect top --url ${ingest.restUrl}        # records in/out, rates, errors, heap; --url ${lake.restUrl} for the lake side`,
      ...(hdfs
        ? [
            `kafka-lab hdfs stop --dir ${rel(hdfs.dir)}        # the lake fails: its sink tasks go FAILED, ingest keeps writing to Kafka`,
            `kafka-lab connect list --url ${lake.restUrl}`,
            `kafka-lab hdfs start --dir ${rel(hdfs.dir)} --rpc-port ${hdfs.ports.rpc} --http-port ${hdfs.ports.http} --datanode-port ${hdfs.ports.datanode} --datanode-http-port ${hdfs.ports.datanodeHttp} --datanode-ipc-port ${hdfs.ports.datanodeIpc}`,
          ]
        : []),
      ...p.tables.map(
        (x) => `kafka-lab connect restart ${x.connector} --failed-only --url ${lake.restUrl}        # Connect never restarts a failed task itself`,
      ),
    ),
  );
  return lines.join('\n');
}
