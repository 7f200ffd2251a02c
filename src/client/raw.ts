/**
 * Raw Kafka requests that kafkajs' admin lacks or answers without the broker's own error
 * text (CreateTopics, CreatePartitions, IncrementalAlterConfigs), sent over kafkajs'
 * connections so that TLS/SASL, timeouts and version negotiation stay in one place.
 * This is the only file that reaches into kafkajs internals.
 */
import { createRequire } from 'node:module';
import type { Kafka } from 'kafkajs';

const requireCjs = createRequire(import.meta.url);

interface Encoder {
  writeInt8(v: number): Encoder;
  writeInt16(v: number): Encoder;
  writeInt32(v: number): Encoder;
  writeString(v: string | null): Encoder;
  writeBoolean(v: boolean): Encoder;
  writeArray(items: unknown[], type?: string): Encoder;
  writeNullableArray(items: unknown[] | null, type?: string): Encoder;
}
interface Decoder {
  readInt8(): number;
  readInt16(): number;
  readInt32(): number;
  readString(): string | null;
  readBoolean(): boolean;
  readArray<T>(reader: (d: Decoder) => T): T[];
}

type EncoderCtor = new () => Encoder;
type DecoderCtor = new (buf: Buffer) => Decoder;

function codecs(): { Encoder: EncoderCtor; Decoder: DecoderCtor; errorFromCode: (code: number) => Error & { type?: string } } {
  const Encoder = requireCjs('kafkajs/src/protocol/encoder') as EncoderCtor;
  const Decoder = requireCjs('kafkajs/src/protocol/decoder') as DecoderCtor;
  const { createErrorFromCode } = requireCjs('kafkajs/src/protocol/error') as { createErrorFromCode: (code: number) => Error & { type?: string } };
  return { Encoder, Decoder, errorFromCode: createErrorFromCode };
}

export interface ApiVersionRange {
  minVersion: number;
  maxVersion: number;
}

export interface RawBroker {
  nodeId: number;
  versions: Record<number, ApiVersionRange>;
  connectionPool: { send(req: unknown): Promise<unknown>; host: string; port: number };
}

export interface RawCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  refreshMetadata(): Promise<void>;
  findBroker(q: { nodeId: number | string }): Promise<RawBroker>;
  findControllerBroker(): Promise<RawBroker>;
  getNodeIds(): number[];
  brokerPool: {
    metadata?: { brokers: { nodeId: number; host: string; port: number; rack: string | null }[]; controllerId?: number; clusterId?: string };
    seedBroker?: RawBroker;
  };
}

/** A kafkajs cluster object of our own, created through the Kafka client's private factory. */
export function createRawCluster(kafka: Kafka): RawCluster {
  const sym = Object.getOwnPropertySymbols(kafka).find((s) => s.description === 'private:Kafka:createCluster');
  if (!sym) throw new Error('kafkajs internals changed: no cluster factory');
  const factory = (kafka as unknown as Record<symbol, (o: object) => RawCluster>)[sym]!;
  return factory({ allowAutoTopicCreation: false });
}

/** An error carrying the broker's error code name and its message text. */
export class BrokerError extends Error {
  constructor(
    readonly type: string,
    readonly code: number,
    readonly brokerMessage: string | undefined,
    readonly resource: string,
  ) {
    super(brokerMessage || type);
    this.name = 'KafkaJSProtocolError';
  }
}

function brokerError(code: number, message: string | null, resource: string): BrokerError {
  const base = codecs().errorFromCode(code);
  return new BrokerError(base.type ?? `ERROR_${code}`, code, message ?? undefined, resource);
}

async function send<T>(
  broker: RawBroker,
  apiKey: number,
  apiName: string,
  apiVersion: number,
  encode: (e: Encoder) => Encoder,
  decode: (d: Decoder) => T,
): Promise<T> {
  const { Encoder, Decoder } = codecs();
  const range = broker.versions?.[apiKey];
  if (range && (apiVersion < range.minVersion || apiVersion > range.maxVersion)) {
    const e = new Error(`${apiName} v${apiVersion} is outside the broker's range ${range.minVersion}..${range.maxVersion}`) as Error & { type: string };
    e.type = 'UNSUPPORTED_VERSION';
    throw e;
  }
  return (await broker.connectionPool.send({
    request: { apiKey, apiVersion, apiName, encode: async () => encode(new Encoder()) },
    response: { decode: async (raw: Buffer) => decode(new Decoder(raw)), parse: async (x: T) => x },
  })) as T;
}

export interface ResourceResult {
  name: string;
  errorCode: number;
  errorMessage: string | null;
}

function throwFirst(results: ResourceResult[]): void {
  const bad = results.find((r) => r.errorCode !== 0);
  if (bad) throw brokerError(bad.errorCode, bad.errorMessage, bad.name);
}

export interface NewTopic {
  name: string;
  /** -1: the broker's num.partitions */
  partitions: number;
  /** -1: the broker's default.replication.factor */
  replicationFactor: number;
  assignments?: number[][];
  configs?: [string, string][];
}

/** CreateTopics v3 to the controller; results per topic with the broker's error text. */
export async function createTopicsRaw(cluster: RawCluster, topics: NewTopic[], timeoutMs: number, validateOnly = false): Promise<ResourceResult[]> {
  const broker = await cluster.findControllerBroker();
  const version = Math.min(3, broker.versions?.[19]?.maxVersion ?? 3);
  return send(
    broker,
    19,
    'CreateTopics',
    version,
    (e) => {
      e.writeArray(
        topics.map((t) => {
          const te = new (codecs().Encoder)();
          te.writeString(t.name)
            .writeInt32(t.assignments ? -1 : t.partitions)
            .writeInt16(t.assignments ? -1 : t.replicationFactor);
          te.writeArray(
            (t.assignments ?? []).map((ids, p) => {
              const ae = new (codecs().Encoder)();
              ae.writeInt32(p).writeArray(ids, 'int32');
              return ae;
            }),
          );
          te.writeArray(
            (t.configs ?? []).map(([k, v]) => {
              const ce = new (codecs().Encoder)();
              ce.writeString(k).writeString(v);
              return ce;
            }),
          );
          return te;
        }),
      );
      e.writeInt32(timeoutMs);
      if (version >= 1) e.writeBoolean(validateOnly);
      return e;
    },
    (d) => {
      if (version >= 2) d.readInt32(); // throttle
      return d.readArray((x) => ({ name: x.readString()!, errorCode: x.readInt16(), errorMessage: version >= 1 ? x.readString() : null }));
    },
  );
}

export async function createTopicRaw(cluster: RawCluster, topic: NewTopic, timeoutMs: number): Promise<void> {
  throwFirst(await createTopicsRaw(cluster, [topic], timeoutMs));
}

/** CreatePartitions v1 to the controller, raising the broker's own error text. */
export async function createPartitionsRaw(cluster: RawCluster, topic: string, count: number, assignments: number[][] | null, timeoutMs: number): Promise<void> {
  const broker = await cluster.findControllerBroker();
  const version = Math.min(1, broker.versions?.[37]?.maxVersion ?? 1);
  const results = await send(
    broker,
    37,
    'CreatePartitions',
    version,
    (e) => {
      const te = new (codecs().Encoder)();
      te.writeString(topic).writeInt32(count);
      if (assignments === null)
        te.writeInt32(-1); // null array: the broker places the new partitions
      else
        te.writeArray(
          assignments.map((ids) => {
            const ae = new (codecs().Encoder)();
            ae.writeArray(ids, 'int32');
            return ae;
          }),
        );
      return e.writeArray([te]).writeInt32(timeoutMs).writeBoolean(false);
    },
    (d) => {
      d.readInt32();
      return d.readArray((x) => ({ name: x.readString()!, errorCode: x.readInt16(), errorMessage: x.readString() }));
    },
  );
  throwFirst(results);
}

export const ConfigOp = { SET: 0, DELETE: 1, APPEND: 2, SUBTRACT: 3 } as const;
export const ResourceType = { TOPIC: 2, BROKER: 4, BROKER_LOGGER: 8 } as const;

export interface ConfigChange {
  name: string;
  op: (typeof ConfigOp)[keyof typeof ConfigOp];
  value: string | null;
}

/**
 * IncrementalAlterConfigs v0: SET/DELETE single keys without touching the others (kafkajs
 * only has the legacy whole-resource AlterConfigs). Broker resources go to that broker
 * (or any broker for the cluster default, name '').
 */
export async function incrementalAlterConfigs(
  cluster: RawCluster,
  resourceType: number,
  resourceName: string,
  changes: ConfigChange[],
  validateOnly = false,
): Promise<void> {
  const targetsBroker = (resourceType === ResourceType.BROKER || resourceType === ResourceType.BROKER_LOGGER) && resourceName !== '';
  const broker = targetsBroker ? await cluster.findBroker({ nodeId: resourceName }) : await cluster.findControllerBroker();
  const results = await send(
    broker,
    44,
    'IncrementalAlterConfigs',
    0,
    (e) => {
      const re = new (codecs().Encoder)();
      re.writeInt8(resourceType).writeString(resourceName);
      re.writeArray(
        changes.map((c) => {
          const ce = new (codecs().Encoder)();
          ce.writeString(c.name).writeInt8(c.op).writeString(c.value);
          return ce;
        }),
      );
      return e.writeArray([re]).writeBoolean(validateOnly);
    },
    (d) => {
      d.readInt32();
      return d.readArray((x) => {
        const errorCode = x.readInt16();
        const errorMessage = x.readString();
        x.readInt8();
        return { errorCode, errorMessage, name: x.readString()! };
      });
    },
  );
  throwFirst(results);
}

/** A minimal reader for flexible (compact, tagged) responses, which kafkajs' decoder only half knows. */
class FlexReader {
  private o = 0;
  constructor(private readonly b: Buffer) {}
  int8(): number {
    const v = this.b.readInt8(this.o);
    this.o += 1;
    return v;
  }
  int16(): number {
    const v = this.b.readInt16BE(this.o);
    this.o += 2;
    return v;
  }
  int32(): number {
    const v = this.b.readInt32BE(this.o);
    this.o += 4;
    return v;
  }
  bool(): boolean {
    return this.int8() !== 0;
  }
  uvarint(): number {
    let v = 0;
    let shift = 0;
    for (;;) {
      const byte = this.b[this.o++]!;
      v |= (byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return v >>> 0;
      shift += 7;
    }
  }
  compactString(): string | null {
    const n = this.uvarint();
    if (n === 0) return null;
    const s = this.b.toString('utf8', this.o, this.o + n - 1);
    this.o += n - 1;
    return s;
  }
  uuid(): Buffer {
    const v = this.b.subarray(this.o, this.o + 16);
    this.o += 16;
    return Buffer.from(v);
  }
  compactArray<T>(item: () => T): T[] {
    const n = this.uvarint();
    const out: T[] = [];
    for (let i = 0; i < n - 1; i++) out.push(item());
    return out;
  }
  tags(): void {
    const n = this.uvarint();
    for (let i = 0; i < n; i++) {
      this.uvarint();
      this.o += this.uvarint();
    }
  }
}

function uvarintBytes(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return out;
}

function compactStringBytes(s: string): Buffer {
  const b = Buffer.from(s, 'utf8');
  return Buffer.concat([Buffer.from(uvarintBytes(b.length + 1)), b]);
}

export interface TopicMetadata {
  name: string;
  /** Kafka's base64url form of the topic UUID, or '' for the zero UUID */
  topicId: string;
  errorCode: number;
  isInternal: boolean;
  partitions: { partition: number; errorCode: number; leader: number; replicas: number[]; isr: number[]; offline: number[] }[];
}

export interface ClusterMetadata {
  brokers: { nodeId: number; host: string; port: number; rack: string | null }[];
  clusterId: string | null;
  controllerId: number;
  topics: TopicMetadata[];
}

/** Kafka prints a Uuid as 22 characters of URL-safe base64 without padding. */
export function uuidToKafkaString(b: Buffer): string {
  if (b.every((x) => x === 0)) return '';
  return b.toString('base64url');
}

/**
 * Metadata v12 (the first flexible one with topic ids that every 3.x/4.x broker serves).
 * kafkajs writes request header v1; the empty tagged-field byte at the start of the body
 * completes the flexible header v2, and the response body starts with the header's tags.
 */
export async function metadataRaw(cluster: RawCluster, topics: string[] | null): Promise<ClusterMetadata> {
  const brokers = cluster.getNodeIds();
  const broker = brokers.length > 0 ? await cluster.findBroker({ nodeId: brokers[0]! }) : await cluster.findControllerBroker();
  return send(
    broker,
    3,
    'Metadata',
    12,
    (e) => {
      const parts: Buffer[] = [Buffer.from([0])]; // header tagged fields
      if (topics === null) parts.push(Buffer.from([0]));
      else {
        parts.push(Buffer.from(uvarintBytes(topics.length + 1)));
        for (const t of topics) parts.push(Buffer.alloc(16), compactStringBytes(t), Buffer.from([0]));
      }
      parts.push(Buffer.from([0, 0, 0])); // allow_auto_topic_creation, include_topic_authorized_operations, tags
      (e as unknown as { writeBuffer(b: Buffer): Encoder }).writeBuffer(Buffer.concat(parts));
      return e;
    },
    (d) => {
      const raw = d as unknown as { buffer: Buffer; offset: number };
      const r = new FlexReader(raw.buffer.subarray(raw.offset));
      r.tags(); // response header tags
      r.int32();
      const brokerList = r.compactArray(() => {
        const b = { nodeId: r.int32(), host: r.compactString() ?? '', port: r.int32(), rack: r.compactString() };
        r.tags();
        return b;
      });
      const clusterId = r.compactString();
      const controllerId = r.int32();
      const topicList = r.compactArray(() => {
        const errorCode = r.int16();
        const name = r.compactString() ?? '';
        const topicId = uuidToKafkaString(r.uuid());
        const isInternal = r.bool();
        const partitions = r.compactArray(() => {
          const p = {
            errorCode: r.int16(),
            partition: r.int32(),
            leader: r.int32(),
            leaderEpoch: r.int32(),
            replicas: r.compactArray(() => r.int32()),
            isr: r.compactArray(() => r.int32()),
            offline: r.compactArray(() => r.int32()),
          };
          r.tags();
          return { partition: p.partition, errorCode: p.errorCode, leader: p.leader, replicas: p.replicas, isr: p.isr, offline: p.offline };
        });
        r.int32(); // authorized operations
        r.tags();
        return { name, topicId, errorCode, isInternal, partitions };
      });
      return { brokers: brokerList, clusterId, controllerId, topics: topicList };
    },
  );
}

export interface RawConfigEntry {
  name: string;
  value: string | null;
  readOnly: boolean;
  source: number;
  sensitive: boolean;
  synonyms: { name: string; value: string | null; source: number }[];
}

/**
 * DescribeConfigs v1 with synonyms. kafkajs refuses an empty resource name, which is how
 * Kafka addresses the cluster-wide broker default; this request has no such rule.
 */
export async function describeConfigsRaw(cluster: RawCluster, resourceType: number, resourceName: string): Promise<RawConfigEntry[]> {
  const targetsBroker = resourceType === ResourceType.BROKER || resourceType === ResourceType.BROKER_LOGGER;
  const broker = targetsBroker && resourceName !== '' ? await cluster.findBroker({ nodeId: resourceName }) : await cluster.findControllerBroker();
  const results = await send(
    broker,
    32,
    'DescribeConfigs',
    1,
    (e) => {
      const re = new (codecs().Encoder)();
      re.writeInt8(resourceType).writeString(resourceName).writeInt32(-1); // null config_names: all
      return e.writeArray([re]).writeBoolean(true);
    },
    (d) => {
      d.readInt32();
      return d.readArray((x) => ({
        errorCode: x.readInt16(),
        errorMessage: x.readString(),
        type: x.readInt8(),
        name: x.readString()!,
        configs: x.readArray((c) => ({
          name: c.readString()!,
          value: c.readString(),
          readOnly: c.readBoolean(),
          source: c.readInt8(),
          sensitive: c.readBoolean(),
          synonyms: c.readArray((y) => ({ name: y.readString()!, value: y.readString(), source: y.readInt8() })),
        })),
      }));
    },
  );
  throwFirst(results);
  return results[0]?.configs ?? [];
}
