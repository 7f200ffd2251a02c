/**
 * kafka-lab's one Kafka client: connections (TLS, SASL, request framing) come from
 * @platformatic/kafka's `Connection`, every request is one of its typed protocol APIs or one of
 * ours (src/protocol: Produce and Fetch carry raw record batches), and this class adds what a
 * CLI needs around them: bootstrap with a bounded wait, the broker list and controller from
 * metadata, one connection per broker, API versions per broker (each request goes at the
 * highest version both sides speak), and requests routed to a node, the controller or a
 * group's coordinator. Nothing outside src/client talks to the library directly.
 */
import { apiVersionsV3, Connection, type ConnectionOptions, metadataV12, type Reader, type Writer } from '@platformatic/kafka';
import { currentIo } from '../output/io.js';
import { API_NAMES } from './api-versions.js';
import type { ResolvedConnection } from './connection.js';
import { BrokerError, connectionFailure, isRetriable, KafkaClientError, maskSecrets } from './errors.js';

export interface NodeAddress {
  nodeId: number;
  host: string;
  port: number;
  rack: string | null;
}

export interface PartitionInfo {
  partition: number;
  errorCode: number;
  leader: number;
  leaderEpoch: number;
  replicas: number[];
  isr: number[];
  offline: number[];
}

export interface TopicInfo {
  name: string;
  /** Kafka's base64url form of the topic UUID ('' for none) */
  topicId: string;
  errorCode: number;
  isInternal: boolean;
  partitions: PartitionInfo[];
}

export interface ClusterMetadata {
  clusterId: string | null;
  controllerId: number;
  brokers: NodeAddress[];
  topics: TopicInfo[];
}

export interface VersionRange {
  minVersion: number;
  maxVersion: number;
}
export type VersionMap = Map<number, VersionRange>;

/** One version of one API, as @platformatic/kafka's typed API modules export it (or ours). */
export interface ApiVersion<Args extends unknown[], R> {
  api: { key: number; version: number; async: (connection: Connection, ...args: Args) => Promise<R> };
}

/** Where a request goes. */
export type Target = number | 'any' | 'controller' | { group: string } | { transaction: string };

interface Node {
  connection: Connection;
  versions: VersionMap;
  address: string;
}

const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA';

/** Kafka prints a Uuid as 22 characters of URL-safe base64 without padding; the library gives it in hex form. */
export function kafkaUuid(uuid: string): string {
  const hex = uuid.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) return uuid;
  const s = Buffer.from(hex, 'hex').toString('base64url');
  return s === ZERO_UUID ? '' : s;
}

export class KafkaClient {
  readonly brokers = new Map<number, NodeAddress>();
  controllerId = -1;
  clusterId: string | null = null;
  private readonly nodes = new Map<string, Promise<Node>>();
  /** connections still connecting or negotiating versions: close() must end them too */
  private readonly opening = new Set<Connection>();
  private readonly coordinators = new Map<string, number>();
  private readonly options: ConnectionOptions;
  /** how long one request may take before its connection is given up (Kafka's request.timeout.ms) */
  readonly requestTimeoutMs: number;
  private closed = false;
  /** until one broker has answered, a listener that does not answer is asked again until the connect bound */
  private answeredOnce = false;
  private readonly bootstrapDeadline: number;

  private constructor(readonly conn: ResolvedConnection) {
    const s = conn.settings;
    this.requestTimeoutMs = s.requestTimeoutMs ?? Math.max(conn.timeoutMs, 1000);
    this.bootstrapDeadline = Date.now() + conn.timeoutMs;
    this.options = {
      connectTimeout: s.connectTimeoutMs ?? Math.min(3000, conn.timeoutMs),
      // our own timer bounds each request (see bounded()); the library's would leave a late
      // answer unread in its buffer and corrupt the connection, so it never fires
      requestTimeout: 24 * 60 * 60 * 1000,
      // the producer keeps its own bound (max.in.flight); the library's queue never limits it further
      maxInflights: 16,
      ...(s.tls ? { tls: { ...s.tls } } : {}),
      ...(s.sasl ? { sasl: { mechanism: s.sasl.mechanism, username: s.sasl.username, password: s.sasl.password } } : {}),
    };
  }

  /**
   * A client for the connection settings. Nothing is sent yet: the first request connects to
   * the first bootstrap server that answers (a command does no round trip it does not need).
   */
  static async open(conn: ResolvedConnection): Promise<KafkaClient> {
    return new KafkaClient(conn);
  }

  get clientId(): string {
    return this.conn.clientId;
  }

  /** Metadata v12 for the given topics (null: all); optionally asking the broker to auto-create them. */
  async metadata(topics: string[] | null, opts: { autoCreate?: boolean; target?: Target } = {}): Promise<ClusterMetadata> {
    const r = await this.call(opts.target ?? 'any', [metadataV12], [topics, opts.autoCreate ?? false, false], { lenient: true });
    this.clusterId = r.clusterId ?? null;
    this.controllerId = r.controllerId;
    const brokers = r.brokers.map((b) => ({ nodeId: b.nodeId, host: b.host, port: b.port, rack: b.rack ?? null }));
    for (const b of brokers) this.brokers.set(b.nodeId, b);
    // a broker that left the metadata is gone (stopped or fenced): forget its address
    for (const id of [...this.brokers.keys()]) if (!brokers.some((b) => b.nodeId === id)) this.brokers.delete(id);
    return {
      clusterId: r.clusterId ?? null,
      controllerId: r.controllerId,
      brokers,
      topics: r.topics.map((t) => ({
        name: t.name ?? '',
        topicId: kafkaUuid(t.topicId),
        errorCode: t.errorCode,
        isInternal: t.isInternal,
        partitions: t.partitions.map((p) => ({
          partition: p.partitionIndex,
          errorCode: p.errorCode,
          leader: p.leaderId,
          leaderEpoch: p.leaderEpoch,
          replicas: p.replicaNodes,
          isr: p.isrNodes,
          offline: p.offlineReplicas,
        })),
      })),
    };
  }

  /** The API versions a broker supports (after connecting to it). */
  async versions(target: Target = 'any'): Promise<VersionMap> {
    return (await this.node(target)).versions;
  }

  /**
   * Calls a typed API at the highest version of `family` the broker supports. With `lenient`,
   * a response carrying error codes is returned as it is (the caller reads the codes) instead
   * of failing as a whole.
   */
  async call<Args extends unknown[], R>(target: Target, family: ApiVersion<Args, R>[], args: Args, opts: { lenient?: boolean } = {}): Promise<R> {
    const node = await this.node(target);
    const chosen = pickVersion(node.versions, family);
    const started = this.conn.verbose ? performance.now() : 0;
    try {
      const r = await this.bounded(node, chosen.api.async(node.connection, ...args));
      if (this.conn.verbose) this.log(node, chosen.api.key, chosen.api.version, started);
      return r;
    } catch (err) {
      if (this.conn.verbose) this.log(node, chosen.api.key, chosen.api.version, started, err);
      const e = err as { response?: R; errors?: unknown[] };
      if (opts.lenient && e.response !== undefined) return e.response;
      throw this.explain(err, target);
    }
  }

  /** Sends one request of our own encoding (src/protocol) and decodes its response. */
  async request<R>(
    target: Target,
    apiKey: number,
    versions: VersionRange,
    encode: (version: number) => Writer,
    decode: (reader: Reader, version: number) => R,
    flexible: (version: number) => boolean,
    opts: { timeoutMs?: number } = {},
  ): Promise<R> {
    const node = await this.node(target);
    const broker = node.versions.get(apiKey);
    if (!broker || broker.maxVersion < versions.minVersion || broker.minVersion > versions.maxVersion) {
      throw new KafkaClientError('unsupported', `the broker does not support API ${apiKey} at versions ${versions.minVersion}-${versions.maxVersion}`);
    }
    const version = Math.min(broker.maxVersion, versions.maxVersion);
    const flex = flexible(version);
    const sent = new Promise<R>((resolve, reject) => {
      node.connection.send(
        apiKey,
        version,
        () => encode(version),
        (_c, _k, v, reader) => decode(reader, v),
        flex,
        flex,
        (err, result) => (err ? reject(err) : resolve(result as R)),
      );
    });
    const started = this.conn.verbose ? performance.now() : 0;
    try {
      const r = await this.bounded(node, sent, opts.timeoutMs);
      if (this.conn.verbose) this.log(node, apiKey, version, started);
      return r;
    } catch (err) {
      if (this.conn.verbose) this.log(node, apiKey, version, started, err);
      throw this.explain(err, target);
    }
  }

  /**
   * A request that takes longer than request.timeout.ms gives up its connection, as Kafka's
   * NetworkClient does: the connection is closed (failing whatever else waits on it, all of
   * which may be retried) and reopened by the next request.
   */
  private bounded<T>(node: Node, p: Promise<T>, timeoutMs = this.requestTimeoutMs): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.forget(node);
        reject(new KafkaClientError('timeout', 'request timed out', { address: node.address }));
      }, timeoutMs);
    });
    return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
  }

  /** --verbose: one line per request, secrets masked. */
  private log(node: Node, apiKey: number, version: number, started: number, err?: unknown): void {
    const ms = (performance.now() - started).toFixed(1);
    const outcome = err === undefined ? '' : ` failed: ${(err as Error).message}`;
    currentIo().stderr.write(maskSecrets(`[kafka] ${node.address} ${API_NAMES[apiKey] ?? apiKey} v${version} ${ms} ms${outcome}\n`));
  }

  private forget(node: Node): void {
    const p = this.nodes.get(node.address);
    if (p) this.nodes.delete(node.address);
    node.connection.close().catch(() => {});
  }

  /** The node a target resolves to right now (a coordinator is looked up once and cached). */
  async nodeIdOf(target: Target): Promise<number | undefined> {
    if (typeof target === 'number') return target;
    if (target === 'controller') {
      if (this.controllerId < 0) await this.metadata([]);
      return this.controllerId;
    }
    if (target === 'any') return undefined;
    return this.coordinator(target);
  }

  /** Forgets a cached coordinator (after NOT_COORDINATOR or a lost connection). */
  forgetCoordinator(target: { group: string } | { transaction: string }): void {
    this.coordinators.delete(coordinatorKey(target));
  }

  /** Drops the connection to a node (it died, or answered as if it were not who we thought). */
  dropNode(nodeId: number): void {
    const b = this.brokers.get(nodeId);
    if (!b) return;
    const key = `${b.host}:${b.port}`;
    const p = this.nodes.get(key);
    this.nodes.delete(key);
    void p?.then((n) => n.connection.close()).catch(() => {});
  }

  async close(): Promise<void> {
    this.closed = true;
    // a broker that accepted the connection but never answers would otherwise keep the process alive
    for (const c of this.opening) c.close().catch(() => {});
    const all = [...this.nodes.values()];
    this.nodes.clear();
    await Promise.allSettled(all.map(async (p) => (await p).connection.close()));
  }

  private async coordinator(target: { group: string } | { transaction: string }): Promise<number> {
    const key = coordinatorKey(target);
    const known = this.coordinators.get(key);
    if (known !== undefined && this.brokers.has(known)) return known;
    const { findCoordinatorV4, findCoordinatorV5, findCoordinatorV6 } = await import('@platformatic/kafka');
    const keyType = 'group' in target ? 0 : 1;
    const name = 'group' in target ? target.group : target.transaction;
    const r = await this.call('any', [findCoordinatorV4, findCoordinatorV5, findCoordinatorV6], [keyType, [name]]);
    const c = r.coordinators[0]!;
    if (c.errorCode !== 0) throw new BrokerError(c.errorCode, c.errorMessage ?? null, name);
    this.brokers.set(c.nodeId, { nodeId: c.nodeId, host: c.host, port: c.port, rack: this.brokers.get(c.nodeId)?.rack ?? null });
    this.coordinators.set(key, c.nodeId);
    return c.nodeId;
  }

  private async node(target: Target): Promise<Node> {
    if (this.closed) throw new KafkaClientError('closed', 'the client is closed');
    if (target === 'any') return this.anyNode();
    const id = await this.nodeIdOf(target);
    let address = id === undefined ? undefined : this.brokers.get(id);
    if (!address) {
      await this.metadata([]);
      address = id === undefined ? undefined : this.brokers.get(id);
    }
    if (!address) throw new KafkaClientError('no-such-broker', `broker ${String(id)} is not in the cluster metadata`, { nodeId: id });
    return this.connectTo(address.host, address.port);
  }

  /** A live connection to any broker: one already open, else the known brokers, else the bootstrap list. */
  private async anyNode(): Promise<Node> {
    for (const p of this.nodes.values()) {
      const n = await p.catch(() => undefined);
      if (n?.connection.isConnected()) return n;
    }
    for (;;) {
      const candidates = [...[...this.brokers.values()].map((b) => `${b.host}:${b.port}`), ...this.conn.brokers];
      const errors: unknown[] = [];
      for (const address of new Set(candidates)) {
        const i = address.lastIndexOf(':');
        try {
          return await this.connectTo(address.slice(0, i).replace(/^\[|\]$/g, ''), Number(address.slice(i + 1)));
        } catch (err) {
          errors.push(err);
          // a wrong password or an untrusted certificate is the same on every broker
          if (err instanceof KafkaClientError && (err.kind === 'authentication' || err.kind === 'tls')) throw err;
        }
      }
      // request.timeout.ms may be shorter than the connect bound (the console producer's is 1.5 s)
      const unanswered = errors.every((e) => e instanceof KafkaClientError && e.kind === 'timeout');
      if (unanswered && !this.answeredOnce && !this.closed && Date.now() < this.bootstrapDeadline) continue;
      throw errors.length === 1 ? errors[0] : (errors.find((e) => e instanceof KafkaClientError && e.kind !== 'connection') ?? errors[errors.length - 1]);
    }
  }

  private connectTo(host: string, port: number): Promise<Node> {
    if (this.closed) return Promise.reject(new KafkaClientError('closed', 'the client is closed'));
    const key = `${host}:${port}`;
    const existing = this.nodes.get(key);
    if (existing) return existing;
    const p = (async () => {
      const connection = new Connection(this.conn.clientId, this.options);
      // socket errors reach the requests waiting on the connection; the event itself must not crash us
      connection.on('error', () => {
        if (this.nodes.get(key) === p) this.nodes.delete(key);
      });
      this.opening.add(connection);
      let timer: NodeJS.Timeout | undefined;
      try {
        // a listener that accepts but never answers (a hung broker, a wrong port) fails within request.timeout.ms
        const unanswered = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new KafkaClientError('timeout', 'request timed out', { address: key })), this.requestTimeoutMs);
        });
        await Promise.race([connection.connect(host, port), unanswered]);
        const r = await Promise.race([apiVersionsV3.api.async(connection, 'kafka-lab', '1'), unanswered]);
        const versions: VersionMap = new Map(r.apiKeys.map((a) => [a.apiKey, { minVersion: a.minVersion, maxVersion: a.maxVersion }]));
        this.answeredOnce = true;
        // a connection that closes (broker stopped) is reopened on the next request
        connection.once('close', () => {
          if (this.nodes.get(key) === p) this.nodes.delete(key);
        });
        return { connection, versions, address: key };
      } catch (err) {
        connection.close().catch(() => {});
        const failure = connectionFailure(err, `${host}:${port}`);
        // a classic mistake: ZooKeeper's port given as a broker (it hangs up on Kafka requests)
        if (failure.message === 'the broker closed the connection' && (await isZooKeeper(host, port))) {
          throw new KafkaClientError('connection', `ZooKeeper answers at ${host}:${port}, not a Kafka broker`, {
            ...failure.detail,
            notSent: true,
            zookeeper: true,
          });
        }
        throw new KafkaClientError(failure.kind, failure.message, { ...failure.detail, notSent: true });
      } finally {
        clearTimeout(timer);
        this.opening.delete(connection);
      }
    })();
    this.nodes.set(key, p);
    p.catch(() => {
      if (this.nodes.get(key) === p) this.nodes.delete(key);
    });
    return p;
  }

  private explain(err: unknown, target: Target): unknown {
    if (err instanceof KafkaClientError || err instanceof BrokerError) return err;
    const e = err as { code?: string; errors?: { apiCode?: number; serverErrorMessage?: string | null; path?: string }[] };
    if (e.code === 'PLT_KFK_RESPONSE' && e.errors?.[0]?.apiCode !== undefined) {
      const first = e.errors[0];
      return new BrokerError(first.apiCode!, first.serverErrorMessage ?? null, first.path ?? '', err);
    }
    const failure = connectionFailure(err, typeof target === 'number' ? `broker ${target}` : undefined);
    if (failure.kind === 'connection' && typeof target === 'number') this.dropNode(target);
    return failure;
  }
}

/** Whether ZooKeeper listens there: it answers the four-letter word srvr (or says it is not allowed to). */
async function isZooKeeper(host: string, port: number): Promise<boolean> {
  try {
    const { fourLetterWord } = await import('../zk/four-letter.js');
    const reply = await fourLetterWord(`${host}:${port}`, 'srvr', 500);
    return /Zookeeper version|not in the whitelist|not executed/i.test(reply);
  } catch {
    return false;
  }
}

function coordinatorKey(target: { group: string } | { transaction: string }): string {
  return 'group' in target ? `g:${target.group}` : `t:${target.transaction}`;
}

/** The highest version in `family` that the broker's range allows. */
export function pickVersion<T extends { api: { key: number; version: number } }>(versions: VersionMap, family: T[]): T {
  const key = family[0]!.api.key;
  const range = versions.get(key);
  const usable = family.filter((f) => range && f.api.version >= range.minVersion && f.api.version <= range.maxVersion);
  if (usable.length === 0) {
    const ours = family.map((f) => f.api.version);
    throw new KafkaClientError(
      'unsupported',
      range
        ? `the broker supports API ${key} versions ${range.minVersion}-${range.maxVersion}, kafka-lab sends ${Math.min(...ours)}-${Math.max(...ours)}`
        : `the broker does not support API ${key}`,
      { apiKey: key },
    );
  }
  return usable.reduce((a, b) => (b.api.version > a.api.version ? b : a));
}

/** Retries `fn` on retriable broker errors until `deadline` (ms since the epoch), backing off. */
export async function retrying<T>(fn: () => Promise<T>, deadline: number, backoffMs = 100, onRetry?: (err: unknown) => void): Promise<T> {
  let wait = backoffMs;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (!isRetriable(err) || Date.now() + wait >= deadline) throw err;
      onRetry?.(err);
      await new Promise((r) => setTimeout(r, wait));
      wait = Math.min(wait * 2, 1000);
    }
  }
}
