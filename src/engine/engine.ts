/**
 * The types of the engine door (src/engine/index.ts): how a server process is provided.
 * Commands and the lab (src/cluster) talk only to the door; today the one Kafka engine is the
 * Apache engine (JVM processes from jars installed by `kafka-lab engine install`). Every
 * server kafka-lab starts, of whatever kind, is a ServerRecord in the process table.
 */

/**
 * What a server is; each role has an adapter in src/process/kinds.ts (how to recognise its
 * process, how to stop it, how to name it). The string leaves room for kinds added later.
 */
export type ServerRole = 'zookeeper' | 'broker' | 'connect' | 'namenode' | 'datanode' | 'postgres' | 'mariadb' | 'mosquitto' | (string & {});

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
  /** broker.id / node.id; undefined for other kinds */
  nodeId?: number;
  /** absolute path of the config file it was started with */
  configFile: string;
  /** host:port clients use (client listener, ZooKeeper clientPort, Connect REST port, database port ...) */
  address: string;
  logFile: string;
  /** what provided it: an engine id (apache-3.9.2) or a program (postgresql-15, mosquitto) */
  engine: string;
  startedAt: string;
  /**
   * Arguments the process's command line holds, each as a whole argument; they tell our
   * process apart from another one that got the same pid later. Default: [configFile].
   */
  match?: string[];
  /** the user the process runs as, when not ours (PostgreSQL refuses to run as root) */
  user?: string;
}

/** What `Engine.startConnectWorker` takes: a worker config and, in standalone mode, connector files. */
export interface ConnectWorkerOptions {
  mode: 'standalone' | 'distributed';
  /** the worker's .properties file */
  configFile: string;
  /** standalone: connector configs (.properties or .json) */
  connectorFiles: string[];
  daemon: boolean;
  heap?: string;
  readyTimeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  /** Foreground only: receives each line the worker prints */
  onLogLine?: (line: string) => void;
  /** Daemon only: progress texts (for a spinner) */
  onProgress?: (text: string) => void;
  /** attach the Jolokia agent on a loopback port for `connect top` (default true) */
  metrics?: boolean;
  onWarning?: (text: string) => void;
}

/** The pid file of a Connect worker: a ServerRecord (role 'connect') with what `connect top` and `connect-stop` need. */
export interface ConnectWorkerRecord extends ServerRecord {
  role: 'connect';
  mode: 'standalone' | 'distributed';
  /** the REST URL kafka-lab dials */
  restUrl: string;
  /** loopback port of the Jolokia agent, when attached */
  jolokiaPort?: number;
  /** bootstrap.servers of the worker (for the lag of sink connectors) */
  bootstrapServers: string;
  connectorFiles: string[];
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

export interface RunClassOptions {
  env: NodeJS.ProcessEnv;
  /** 'inherit' for the process's own terminal, else streams the output is copied to */
  stdio: 'inherit' | { stdin: NodeJS.ReadableStream; stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream };
  /** -loggc of kafka-run-class.sh: GC log in LOG_DIR/<name>-gc.log unless KAFKA_GC_LOG_OPTS is set */
  gcLogName?: string;
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
  /** A Kafka Connect worker (ConnectStandalone / ConnectDistributed) from this engine's jars; ready once its REST API lists connectors. */
  startConnectWorker(opts: ConnectWorkerOptions): Promise<ConnectWorkerRecord & { exited?: Promise<number> }>;
  /** KRaft: format the storage of a config if not formatted yet; returns the lines the tool printed */
  formatStorage(
    configFile: string,
    clusterId: string,
    opts?: { standalone?: boolean; ignoreFormatted?: boolean; overrides?: [string, string][]; scram?: string[] },
  ): Promise<string[]>;
  /**
   * Runs a class on this engine's classpath the way kafka-run-class.sh does (Kafka's JVM options
   * and environment variables), attached to the given streams ('inherit': the terminal); resolves
   * with its exit code (128 + the signal number when a signal ended it).
   */
  runClass(mainClass: string, args: string[], opts: RunClassOptions): Promise<number>;
  /** Classes in this engine's jars: the one of a fully qualified name, or every class with a simple name (for "did you mean"). */
  findClasses(name: string): string[];
  /** Runs one of Kafka's own tool classes (for side-by-side comparison), returning its output. */
  runTool(
    mainClass: string,
    args: string[],
    opts?: { input?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
  ): Promise<{ stdout: string; stderr: string; exitCode: number }>;
}
