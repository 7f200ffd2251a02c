/**
 * The plugins `kafka-lab plugin install NAME` knows, each pinned to a version that was
 * installed and run on a Connect worker here, and the grammar of G:A:V[:type:classifier]
 * specs for anything else on Maven Central. Pure: the Maven work is in plugin-install.ts.
 */
import { UsageError } from '../errors.js';

export type PluginSource =
  /** plain jars, no dependencies (Kafka's own plugins: the worker provides the rest) */
  | { kind: 'jars'; artifacts: string[] }
  /** a plugin archive (tar.gz/zip) unpacked as is */
  | { kind: 'archive'; artifact: string }
  /** artifacts with their runtime dependencies (Maven copy-dependencies) */
  | { kind: 'dependencies'; artifacts: string[] }
  /** built from source shipped with kafka-lab (templates/plugins/<dir>) */
  | { kind: 'build'; template: string };

export interface CatalogueEntry {
  name: string;
  summary: string;
  version: string;
  source: PluginSource;
  /** connector classes it provides (for the missing-plugin hint) */
  connectors: string[];
}

export const DEBEZIUM_VERSION = '3.6.1.Final';
/** 3.6.x of the MariaDB connector is not served on Maven Central */
export const DEBEZIUM_MARIADB_VERSION = '3.5.0.Final';
export const ICEBERG_VERSION = '1.9.2';
export const HADOOP_VERSION = '3.4.1';

export function catalogue(engineVersion: string): CatalogueEntry[] {
  return [
    {
      name: 'file',
      summary: "Kafka's FileStreamSource and FileStreamSink (connect-file)",
      version: engineVersion,
      source: { kind: 'jars', artifacts: [`org.apache.kafka:connect-file:${engineVersion}`] },
      connectors: ['org.apache.kafka.connect.file.FileStreamSourceConnector', 'org.apache.kafka.connect.file.FileStreamSinkConnector'],
    },
    {
      name: 'mirror',
      summary: "Kafka's MirrorMaker 2 connectors (connect-mirror)",
      version: engineVersion,
      source: { kind: 'jars', artifacts: [`org.apache.kafka:connect-mirror:${engineVersion}`, `org.apache.kafka:connect-mirror-client:${engineVersion}`] },
      connectors: [
        'org.apache.kafka.connect.mirror.MirrorSourceConnector',
        'org.apache.kafka.connect.mirror.MirrorCheckpointConnector',
        'org.apache.kafka.connect.mirror.MirrorHeartbeatConnector',
      ],
    },
    {
      name: 'debezium-postgres',
      summary: 'Debezium change data capture from PostgreSQL (pgoutput)',
      version: DEBEZIUM_VERSION,
      source: { kind: 'archive', artifact: `io.debezium:debezium-connector-postgres:${DEBEZIUM_VERSION}:tar.gz:plugin` },
      connectors: ['io.debezium.connector.postgresql.PostgresConnector'],
    },
    {
      name: 'debezium-mysql',
      summary: 'Debezium change data capture from MySQL (binlog)',
      version: DEBEZIUM_VERSION,
      source: { kind: 'archive', artifact: `io.debezium:debezium-connector-mysql:${DEBEZIUM_VERSION}:tar.gz:plugin` },
      connectors: ['io.debezium.connector.mysql.MySqlConnector'],
    },
    {
      name: 'debezium-mariadb',
      summary: 'Debezium change data capture from MariaDB (binlog)',
      version: DEBEZIUM_MARIADB_VERSION,
      source: { kind: 'archive', artifact: `io.debezium:debezium-connector-mariadb:${DEBEZIUM_MARIADB_VERSION}:tar.gz:plugin` },
      connectors: ['io.debezium.connector.mariadb.MariaDbConnector'],
    },
    {
      name: 'iceberg',
      summary: 'Apache Iceberg sink: Parquet tables on HDFS or local files (Hadoop catalog)',
      version: ICEBERG_VERSION,
      source: {
        kind: 'dependencies',
        artifacts: [
          `org.apache.iceberg:iceberg-kafka-connect:${ICEBERG_VERSION}`,
          `org.apache.iceberg:iceberg-kafka-connect-transforms:${ICEBERG_VERSION}`,
          `org.apache.iceberg:iceberg-parquet:${ICEBERG_VERSION}`,
          `org.apache.hadoop:hadoop-common:${HADOOP_VERSION}`,
          `org.apache.hadoop:hadoop-hdfs-client:${HADOOP_VERSION}`,
        ],
      },
      connectors: ['org.apache.iceberg.connect.IcebergSinkConnector'],
    },
    {
      name: 'mqtt',
      summary: "kafka-lab's MQTT source (Eclipse Paho): one record per message, key = MQTT topic, at least once with QoS 1/2",
      version: '0.1.0',
      source: { kind: 'build', template: 'mqtt-source' },
      connectors: ['dev.kafkalab.connect.mqtt.MqttSourceConnector'],
    },
  ];
}

export interface Coordinates {
  groupId: string;
  artifactId: string;
  version: string;
  type?: string;
  classifier?: string;
}

/** G:A:V[:type[:classifier]], Maven's artifact syntax. */
export function parseCoordinates(spec: string): Coordinates | undefined {
  const parts = spec.split(':');
  if (parts.length < 3 || parts.length > 5 || parts.some((p) => !/^[A-Za-z0-9._-]+$/.test(p))) return undefined;
  const [groupId, artifactId, version, type, classifier] = parts as [string, string, string, string?, string?];
  return { groupId, artifactId, version, type, classifier };
}

const ARCHIVE_TYPES = ['tar.gz', 'tgz', 'zip', 'tar'];

/** What `plugin install SPEC` installs: a catalogue name, or Maven coordinates (an archive type is unpacked). */
export function resolvePluginSpec(spec: string, engineVersion: string, nameOverride?: string): CatalogueEntry {
  const known = catalogue(engineVersion).find((e) => e.name === spec);
  if (known) return nameOverride ? { ...known, name: nameOverride } : known;
  const c = parseCoordinates(spec);
  if (!c) {
    const names = catalogue(engineVersion).map((e) => e.name);
    throw new UsageError(`'${spec}' is neither a known plugin nor Maven coordinates`, `Known plugins: ${names.join(', ')}; or give G:A:V[:tar.gz:plugin].`);
  }
  const name = nameOverride ?? c.artifactId;
  if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new UsageError(`'${name}' cannot be a plugin folder name`, 'Use letters, digits, ., _ and -.');
  const source: PluginSource = c.type && ARCHIVE_TYPES.includes(c.type) ? { kind: 'archive', artifact: spec } : { kind: 'dependencies', artifacts: [spec] };
  return { name, summary: `${c.groupId}:${c.artifactId}`, version: c.version, source, connectors: [] };
}

/** The simple name and Connect's alias (simple name without a Connector suffix) of a class. */
function aliases(fqcn: string): string[] {
  const simple = fqcn.slice(fqcn.lastIndexOf('.') + 1);
  return simple.endsWith('Connector') && simple.length > 'Connector'.length ? [fqcn, simple, simple.slice(0, -'Connector'.length)] : [fqcn, simple];
}

/** Does connector.class (full name, simple name or alias, like Connect accepts) name this class? */
export function classMatches(connectorClass: string, fqcn: string): boolean {
  return aliases(fqcn).includes(connectorClass.trim());
}

/** Catalogue entries that provide a connector class. */
export function providersOf(connectorClass: string, engineVersion: string): CatalogueEntry[] {
  return catalogue(engineVersion).filter((e) => e.connectors.some((c) => classMatches(connectorClass, c)));
}
