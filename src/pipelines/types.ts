/**
 * What cluster.json says about a data-lake lab (written by pipelines-scaffold, read by
 * cluster up / down / status and the pipelines demo). Every path is absolute; every port is on
 * 127.0.0.1. A plain broker lab has no `pipelines` section.
 */
import type { DbKind } from '../components/db/config.js';
import type { HdfsPorts } from '../components/hdfs/config.js';

export type LakeKind = 'hdfs' | 'local';
export const LAKE_KINDS: readonly LakeKind[] = ['hdfs', 'local'];

export type WorkerName = 'ingest' | 'lake';

export interface PipelineWorker {
  name: WorkerName;
  /** absolute path of the worker's .properties file */
  configFile: string;
  port: number;
  restUrl: string;
  /** the worker's plugin.path: one folder with links to the installed plugins it needs */
  pluginDir: string;
  /** catalogue names of the plugins it needs (kafka-lab plugin install NAME) */
  plugins: string[];
  /** where its log goes (LOG_DIR) */
  logDir: string;
  heap: string;
  /** connector files (absolute), applied in this order through the REST API */
  connectors: { name: string; file: string }[];
}

export interface PipelineTopic {
  name: string;
  partitions: number;
  replicationFactor: number;
  /** what it carries, for status and TERMINALS.md */
  role: string;
  /** an Iceberg control topic: transactional, its end offset counts commit markers too */
  control?: boolean;
}

export interface LakeTable {
  /** Iceberg name, namespace.table */
  name: string;
  topic: string;
  /** the sink connector writing it */
  connector: string;
}

export interface PipelinesSection {
  db: { kind: DbKind; dir: string; port: number; database: string; table: string; topic: string };
  lake: {
    kind: LakeKind;
    /** the Iceberg warehouse: hdfs://127.0.0.1:PORT/warehouse or file:///.../warehouse */
    warehouse: string;
    /** --lake hdfs: the HDFS folder and ports */
    hdfs?: { dir: string; ports: HdfsPorts; heap: string };
    /** --lake local: the warehouse folder */
    localDir?: string;
  };
  mqtt: { dir: string; port: number; topicFilter: string; topic: string };
  workers: PipelineWorker[];
  topics: PipelineTopic[];
  tables: LakeTable[];
}
