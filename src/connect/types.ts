/** Shapes of the Kafka Connect REST API's answers (Kafka 3.9 / 4.x), as far as kafka-lab reads them. */

export interface WorkerInfo {
  version: string;
  commit: string;
  kafka_cluster_id: string;
}

export type ConnectorType = 'source' | 'sink' | 'unknown';

/** UNASSIGNED, RUNNING, PAUSED, STOPPED (3.5+), FAILED, RESTARTING */
export type ConnectState = string;

export interface ConnectorStateInfo {
  state: ConnectState;
  worker_id: string;
  trace?: string;
}

export interface TaskStateInfo extends ConnectorStateInfo {
  id: number;
}

export interface ConnectorStatus {
  name: string;
  connector: ConnectorStateInfo;
  tasks: TaskStateInfo[];
  type?: ConnectorType;
}

export interface ConnectorInfo {
  name: string;
  config: Record<string, string>;
  tasks: { connector: string; task: number }[];
  type?: ConnectorType;
}

/** GET /connectors?expand=status&expand=info */
export type ExpandedConnectors = Record<string, { status?: ConnectorStatus; info?: ConnectorInfo }>;

export interface PluginInfo {
  class: string;
  type: string;
  version?: string;
}

export interface ConnectorOffset {
  partition: Record<string, unknown>;
  offset: Record<string, unknown> | null;
}

export interface ConnectorOffsets {
  offsets: ConnectorOffset[];
}

export interface LoggerLevel {
  level: string;
  last_modified?: number | null;
}

export interface ConfigValueInfo {
  name: string;
  value: string | null;
  recommended_values?: string[];
  errors: string[];
  visible?: boolean;
}

export interface ConfigInfos {
  name: string;
  error_count: number;
  groups: string[];
  configs: { definition?: { name: string; required?: boolean; documentation?: string }; value: ConfigValueInfo }[];
}
