/**
 * How a broker process is provided. Commands (server-start, cluster up, demo ...) talk only
 * to this interface; today the one implementation is the Apache engine (JVM processes from
 * jars installed by `kafka-lab engine install`). A TypeScript engine speaking Kafka's wire
 * protocol can implement the same interface later without touching commands.
 */

export type ServerRole = 'zookeeper' | 'broker';

export interface StartOptions {
  /** path of the server's .properties file */
  configFile: string;
  /** --override k=v pairs, applied on top of the file */
  overrides: [string, string][];
  /** detach, write a pid file, return once the server is ready */
  daemon: boolean;
  /** where the server's own log goes (LOG_DIR); the engine picks a default per server when absent */
  logDir?: string;
  /** heap for the JVM, e.g. 512m (KAFKA_HEAP_OPTS still wins when set) */
  heap?: string;
  /** how long to wait for readiness in daemon mode */
  readyTimeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  /** Foreground only: receives each line the server prints (default: written to stdout as is) */
  onLogLine?: (line: string) => void;
  /** Daemon only: progress texts while waiting for readiness (for a spinner) */
  onProgress?: (text: string) => void;
  /** bounded wait for zookeeper.connect in the pre-flight check, ms (default 5000) */
  zooKeeperWaitMs?: number;
  /** client properties (Kafka names) the readiness probe connects with: a secured listener needs them */
  clientConfig?: string;
}

/** What kafka-lab knows about a server it started; persisted as a pid file (JSON). */
export interface ServerRecord {
  role: ServerRole;
  pid: number;
  /** broker.id / node.id; undefined for ZooKeeper */
  nodeId?: number;
  /** absolute path of the config file it was started with */
  configFile: string;
  /** host:port clients use (client listener or ZooKeeper clientPort) */
  address: string;
  logFile: string;
  engine: string;
  startedAt: string;
}

export interface RunningServer extends ServerRecord {
  /** Foreground only: resolves with the exit code once the process ends. */
  exited?: Promise<number>;
}

export interface StopResult {
  record: ServerRecord;
  /** 'stopped' after SIGTERM, 'killed' when SIGKILL was needed, 'stale' when the pid was already gone */
  outcome: 'stopped' | 'killed' | 'stale';
  ms: number;
}

export interface EngineInfo {
  /** e.g. "apache-3.9.2" */
  id: string;
  kind: 'apache';
  version: string;
  /** where its jars live */
  location: string;
  /** ZooKeeper mode is available (false for Kafka 4.x) */
  supportsZooKeeper: boolean;
  isDefault: boolean;
}

export interface Engine {
  readonly info: EngineInfo;
  startZooKeeper(opts: StartOptions): Promise<RunningServer>;
  startBroker(opts: StartOptions): Promise<RunningServer>;
  /** KRaft: a new cluster id (kafka-storage random-uuid) */
  randomClusterId(): Promise<string>;
  /** KRaft: format the storage of a config if not formatted yet; returns the lines the tool printed */
  formatStorage(
    configFile: string,
    clusterId: string,
    opts?: { standalone?: boolean; ignoreFormatted?: boolean; overrides?: [string, string][]; scram?: string[] },
  ): Promise<string[]>;
  /** Runs one of Kafka's own tool classes (for side-by-side comparison), returning its output. */
  runTool(
    mainClass: string,
    args: string[],
    opts?: { input?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
  ): Promise<{ stdout: string; stderr: string; exitCode: number }>;
}
