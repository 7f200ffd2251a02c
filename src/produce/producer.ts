/**
 * kafka-lab's producer, with the delivery semantics of Kafka's Java producer (3.0+):
 *
 * - Idempotent by default (acks=all): one producer id and epoch, a sequence number per
 *   partition written into every batch, so a retried batch is never appended twice.
 * - Order kept per partition: batches of a partition are sent in sequence order, at most
 *   `maxInFlight` at a time on one connection (Kafka serves a connection's requests in order).
 *   When one fails retriably, the partition stops sending, waits for its batches in flight to
 *   come back, and resends from the lowest unacknowledged sequence, one batch at a time until
 *   the first one is acknowledged again. Without idempotence (acks 0/1, or
 *   enable.idempotence=false) a partition has one batch in flight at a time, so a retry can
 *   duplicate but never reorder.
 * - A record counts as sent only when its own partition's response says so; a retriable error
 *   is retried (backing off from retry.backoff.ms) until delivery.timeout.ms has passed since
 *   the batch was created; everything else fails the batch, reported with the records' tags
 *   (input line numbers). A batch too large for the broker is split and retried.
 * - Keyed records go where Kafka's default partitioner puts them (murmur2); unkeyed records
 *   stick to one partition until a batch's worth went there (Kafka's sticky partitioner).
 *
 * Records are encoded straight into their partition's batch (RecordBatchBuilder) as they come;
 * memory is bounded by buffer.memory: `send()` returns a promise to wait on when it is full.
 */
import { initProducerIdV3, initProducerIdV4, initProducerIdV5 } from '@platformatic/kafka';
import { BrokerError, errorName, isRetriable, KafkaClientError } from '../client/errors.js';
import type { KafkaClient, TopicInfo } from '../client/kafka-client.js';
import { prepareCodec, type CompressionName } from '../protocol/compression.js';
import { partitionForKey } from '../protocol/murmur2.js';
import { decodeProduceResponse, encodeProduceRequest, PRODUCE_API_KEY, PRODUCE_VERSIONS, type ProduceResponse } from '../protocol/produce.js';
import { NO_PRODUCER_ID, readRecords, RecordBatchBuilder, type RecordInput, rewriteBaseSequence, scanBatches } from '../protocol/record-batch.js';

export interface ProducerRecord extends RecordInput {
  topic: string;
  /** a fixed partition; else the partitioner decides */
  partition?: number;
}

export interface ProducerOptions {
  acks: -1 | 0 | 1;
  idempotent: boolean;
  compression: CompressionName;
  lingerMs: number;
  batchSize: number;
  /**
   * bytes of unkeyed records one partition gets before the sticky partitioner moves on (Kafka's
   * built-in partitioner uses batch.size; default: batchSize). Larger internal batches must not
   * change where unkeyed records land.
   */
  stickyBytes?: number;
  /** requests in flight per connection (Java's max.in.flight.requests.per.connection) */
  maxInFlight: number;
  deliveryTimeoutMs: number;
  requestTimeoutMs: number;
  retryBackoffMs: number;
  retryBackoffMaxMs: number;
  /** Java's `retries`: retries per batch (unlimited by default, delivery.timeout.ms bounds them) */
  retries: number;
  maxRequestSize: number;
  bufferMemory: number;
  /** ask the broker to create missing topics (it decides, per auto.create.topics.enable) */
  autoCreateTopics: boolean;
  /** how long `send()` may wait for a topic's metadata (Java's max.block.ms) */
  maxBlockMs: number;
  /** called once per batch that could not be delivered, with its records' tags */
  onFailure: (tags: number[], error: Error) => void;
  /** a retriable problem, reported once per partition and error while retrying */
  onRetry?: (topic: string, partition: number, error: Error, attemptsLeft: number) => void;
  /** a batch acknowledged: its record count and when its first record came (for latency) */
  onDelivered?: (count: number, createdAt: number) => void;
  /** a batch acknowledged, with its records' tags and the offset of its first record (-1 with acks=0 or when the broker did not say) */
  onAcknowledged?: (tags: number[], topic: string, partition: number, baseOffset: number) => void;
}

export const PRODUCER_DEFAULTS: Omit<ProducerOptions, 'onFailure'> = {
  acks: -1,
  idempotent: true,
  compression: 'none',
  lingerMs: 5,
  batchSize: 16384,
  maxInFlight: 5,
  deliveryTimeoutMs: 120_000,
  requestTimeoutMs: 30_000,
  retryBackoffMs: 100,
  retryBackoffMaxMs: 1000,
  retries: 2147483647,
  maxRequestSize: 1048576,
  bufferMemory: 32 * 1024 * 1024,
  autoCreateTopics: true,
  maxBlockMs: 60_000,
};

/** A producer failure about the records themselves (the Java producer's exception texts). */
export class ProduceFailure extends Error {
  constructor(
    message: string,
    readonly type: string,
  ) {
    super(message);
    this.name = 'ProduceFailure';
  }
}

interface Batch {
  topic: string;
  partition: number;
  /** until the batch is encoded */
  builder?: RecordBatchBuilder;
  count: number;
  /** uncompressed bytes (what buffer.memory counts) */
  size: number;
  /** position in the partition's order (sequence order when idempotent) */
  ordinal: number;
  tags: number[];
  createdAt: number;
  /** the encoded batch once it was given a sequence */
  bytes?: Buffer;
  baseSequence: number;
  attempts: number;
  /** resolves when the batch is acknowledged or has failed for good */
  done?: { promise: Promise<void>; resolve: () => void };
}

interface PartitionState {
  topic: string;
  partition: number;
  leader: number;
  open?: Batch;
  openedAt: number;
  /** sealed, never sent, in order */
  ready: Batch[];
  /** sent, not answered, in sequence order */
  inFlight: Batch[];
  /** failed retriably, waiting to be sent again, in sequence order */
  retry: Batch[];
  nextSequence: number;
  sealed: number;
  /** after a retriable failure: no new sends until the batches in flight are back */
  recovering: boolean;
  /** while recovering, one batch at a time until the first resend is acknowledged */
  probing: boolean;
  backoffUntil: number;
  backoff: number;
  warned: Set<string>;
}

interface TopicState {
  name: string;
  partitions: PartitionState[];
  /** the sticky partition for unkeyed records, and bytes sent to it since it was chosen */
  sticky: number;
  stickyBytes: number;
}

const SEQUENCE_WRAP = 2147483647;

/** Errors that mean our metadata (leaders) is out of date. */
const STALE_METADATA = new Set([3, 5, 6, 74, 75, 13]);
const DUPLICATE_SEQUENCE_NUMBER = 46;
const OUT_OF_ORDER_SEQUENCE_NUMBER = 45;
const MESSAGE_TOO_LARGE = 10;
const RECORD_LIST_TOO_LARGE = 18;

export class Producer {
  sent = 0;
  failed = 0;
  private readonly o: ProducerOptions;
  private readonly topics = new Map<string, TopicState | Promise<TopicState>>();
  private producerId = NO_PRODUCER_ID;
  private producerEpoch = -1;
  private idReady: Promise<void> | undefined;
  private readonly inFlightByNode = new Map<number, number>();
  private buffered = 0;
  private readonly roomWaiters: (() => void)[] = [];
  private readonly idleWaiters: (() => void)[] = [];
  private drainScheduled = false;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = 0;
  private metadataRefresh: Promise<void> | undefined;
  private closed = false;
  private outstanding = 0;

  constructor(
    private readonly client: KafkaClient,
    options: Partial<ProducerOptions> & Pick<ProducerOptions, 'onFailure'>,
  ) {
    this.o = { ...PRODUCER_DEFAULTS, ...options };
    if (this.o.acks !== -1) this.o.idempotent = false;
    if (!this.o.idempotent) this.o.maxInFlight = Math.max(1, this.o.maxInFlight);
  }

  /** Loads the codec and, when idempotent, gets a producer id (before the first record). */
  async start(): Promise<void> {
    await prepareCodec(this.o.compression);
    if (this.o.idempotent) await this.ensureProducerId();
  }

  /**
   * Takes one record (tag: its input line). Returns undefined when the caller may go on at
   * once, or a promise when it must wait (the topic's metadata, or buffer.memory is full).
   */
  send(record: ProducerRecord, tag: number): Promise<void> | undefined {
    const t = this.topics.get(record.topic);
    if (t === undefined || t instanceof Promise) return this.topicState(record.topic).then(() => this.send(record, tag));
    this.append(t, record, tag);
    return this.buffered > this.o.bufferMemory ? this.waitForRoom() : undefined;
  }

  /** Sends one record and resolves once it is acknowledged or has failed (Kafka's --sync). */
  async sendAndWait(record: ProducerRecord, tag: number): Promise<void> {
    const wait = this.send(record, tag);
    if (wait) await wait;
    const t = (await this.topicState(record.topic)) as TopicState;
    const p = t.partitions.find((x) => x.open?.tags.includes(tag));
    const batch = p?.open;
    if (!p || !batch) return;
    batch.done = deferred();
    this.seal(p);
    this.scheduleDrain();
    await batch.done.promise;
  }

  /** Sends everything buffered and resolves when every batch is acknowledged or has failed. */
  async flush(): Promise<void> {
    for (const t of this.topics.values()) if (!(t instanceof Promise)) for (const p of t.partitions) if (p.open) this.seal(p);
    this.scheduleDrain();
    while (this.outstanding > 0) await new Promise<void>((r) => this.idleWaiters.push(r));
  }

  /** Fails whatever is still buffered (Ctrl-C twice, or giving up) and stops. */
  abort(reason: Error): void {
    this.closed = true;
    for (const t of this.topics.values()) {
      if (t instanceof Promise) continue;
      for (const p of t.partitions) {
        const all = [...(p.open ? [p.open] : []), ...p.ready, ...p.retry];
        p.open = undefined;
        p.ready = [];
        p.retry = [];
        for (const b of all) this.fail(b, reason);
      }
    }
  }

  // ------------------------------------------------------------ records into batches

  private append(t: TopicState, r: ProducerRecord, tag: number): void {
    const n = t.partitions.length;
    let partition: number;
    if (r.partition !== undefined) {
      if (r.partition < 0 || r.partition >= n) {
        this.failed++;
        this.o.onFailure([tag], new ProduceFailure(`Invalid partition given with record: ${r.partition} is not in the range [0...${n}].`, 'INVALID_PARTITION'));
        return;
      }
      partition = r.partition;
    } else if (r.key !== null) {
      partition = partitionForKey(r.key, n);
    } else {
      partition = t.sticky;
    }
    const p = t.partitions[partition]!;
    const now = Date.now();
    const size = RecordBatchBuilder.recordSize(r, p.open?.count ?? 0, 0) + 16;
    if (size > this.o.maxRequestSize) {
      this.failed++;
      this.o.onFailure(
        [tag],
        new ProduceFailure(
          `The message is ${size} bytes when serialized which is larger than ${this.o.maxRequestSize}, which is the value of the max.request.size configuration.`,
          'RECORD_TOO_LARGE',
        ),
      );
      return;
    }
    if (p.open && p.open.size + size > this.o.batchSize) this.seal(p);
    if (!p.open) {
      const builder = new RecordBatchBuilder(this.o.compression, Math.min(this.o.batchSize + 256, Math.max(1024, size * 2)));
      p.open = { topic: t.name, partition, builder, count: 0, size: builder.sizeInBytes, ordinal: 0, tags: [], createdAt: now, baseSequence: -1, attempts: 0 };
      p.openedAt = now;
      this.buffered += p.open.size;
      this.outstanding++;
      this.armTimer(now + this.o.lingerMs);
    }
    const open = p.open;
    const grew = open.builder!.append(r, now);
    open.count++;
    open.size += grew;
    open.tags.push(tag);
    this.buffered += grew;
    if (r.partition === undefined && r.key === null) {
      t.stickyBytes += grew;
      if (t.stickyBytes >= (this.o.stickyBytes ?? this.o.batchSize)) this.nextSticky(t);
    }
    if (open.size >= this.o.batchSize) this.seal(p);
  }

  /** Kafka's sticky partitioner: a new random partition (with a leader) after a batch's worth. */
  private nextSticky(t: TopicState): void {
    t.stickyBytes = 0;
    const n = t.partitions.length;
    if (n === 1) return;
    const led = t.partitions.filter((p) => p.leader >= 0 && p.partition !== t.sticky).map((p) => p.partition);
    const choices = led.length > 0 ? led : t.partitions.map((p) => p.partition).filter((x) => x !== t.sticky);
    t.sticky = choices[Math.floor(Math.random() * choices.length)]!;
  }

  private seal(p: PartitionState): void {
    if (!p.open) return;
    p.open.ordinal = p.sealed++;
    p.ready.push(p.open);
    p.open = undefined;
    this.scheduleDrain();
  }

  // ------------------------------------------------------------ metadata

  private topicState(name: string): Promise<TopicState> {
    const known = this.topics.get(name);
    if (known) return Promise.resolve(known);
    const p = this.loadTopic(name).then(
      (t) => {
        this.topics.set(name, t);
        return t;
      },
      (err) => {
        this.topics.delete(name);
        throw err;
      },
    );
    this.topics.set(name, p);
    return p;
  }

  private async loadTopic(name: string): Promise<TopicState> {
    const deadline = Date.now() + this.o.maxBlockMs;
    let wait = 50;
    for (;;) {
      const meta = await this.client.metadata([name], { autoCreate: this.o.autoCreateTopics });
      const t = meta.topics.find((x) => x.name === name);
      if (t && t.errorCode === 0 && t.partitions.length > 0) return this.stateOf(t);
      // auto-creation in progress answers LEADER_NOT_AVAILABLE; without it the topic stays unknown
      const code = t?.errorCode ?? 3;
      if (code !== 5 && !(code === 3 && this.o.autoCreateTopics && Date.now() < deadline - this.o.maxBlockMs + 2000)) {
        throw new BrokerError(code, null, name);
      }
      if (Date.now() + wait > deadline) throw new ProduceFailure(`Topic ${name} not present in metadata after ${this.o.maxBlockMs} ms.`, 'TIMEOUT');
      await sleep(wait);
      wait = Math.min(wait * 2, 500);
    }
  }

  private stateOf(t: TopicInfo): TopicState {
    const partitions = t.partitions
      .slice()
      .sort((a, b) => a.partition - b.partition)
      .map(
        (p): PartitionState => ({
          topic: t.name,
          partition: p.partition,
          leader: p.leader,
          openedAt: 0,
          ready: [],
          inFlight: [],
          retry: [],
          nextSequence: 0,
          sealed: 0,
          recovering: false,
          probing: false,
          backoffUntil: 0,
          backoff: this.o.retryBackoffMs,
          warned: new Set(),
        }),
      );
    return { name: t.name, partitions, sticky: Math.floor(Math.random() * partitions.length), stickyBytes: 0 };
  }

  /** One metadata refresh at a time, for every topic we produce to. */
  private refreshMetadata(): Promise<void> {
    this.metadataRefresh ??= (async () => {
      try {
        const names = [...this.topics.keys()];
        const meta = await this.client.metadata(names);
        for (const t of meta.topics) {
          const state = this.topics.get(t.name);
          if (!state || state instanceof Promise) continue;
          for (const p of t.partitions) {
            const s = state.partitions[p.partition];
            if (s) s.leader = p.leader;
          }
        }
      } catch {
        /* the next retry asks again */
      } finally {
        this.metadataRefresh = undefined;
        this.scheduleDrain();
      }
    })();
    return this.metadataRefresh;
  }

  private async ensureProducerId(): Promise<void> {
    this.idReady ??= (async () => {
      const deadline = Date.now() + this.o.maxBlockMs;
      for (;;) {
        try {
          const r = await this.client.call('any', [initProducerIdV3, initProducerIdV4, initProducerIdV5], [null, 60_000, -1n, -1]);
          this.producerId = r.producerId;
          this.producerEpoch = r.producerEpoch;
          return;
        } catch (err) {
          if (!isRetriable(err) || Date.now() > deadline) throw err;
          await sleep(this.o.retryBackoffMs);
        }
      }
    })();
    return this.idReady;
  }

  // ------------------------------------------------------------ sending

  private armTimer(at: number): void {
    if (this.timer && this.timerAt <= at) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.drain();
      },
      Math.max(0, at - Date.now()),
    );
  }

  private scheduleDrain(): void {
    if (this.drainScheduled) return;
    this.drainScheduled = true;
    queueMicrotask(() => {
      this.drainScheduled = false;
      this.drain();
    });
  }

  /** Seals lingered batches, expires old ones, and sends what each leader can take now. */
  private drain(): void {
    const now = Date.now();
    let nextWake = Number.POSITIVE_INFINITY;
    const byNode = new Map<number, PartitionState[]>();
    let needMetadata = false;
    for (const t of this.topics.values()) {
      if (t instanceof Promise) continue;
      for (const p of t.partitions) {
        if (p.open) {
          if (now - p.openedAt >= this.o.lingerMs) this.seal(p);
          else nextWake = Math.min(nextWake, p.openedAt + this.o.lingerMs);
        }
        this.expire(p, now);
        if (p.ready.length === 0 && p.retry.length === 0) continue;
        if (p.backoffUntil > now) {
          nextWake = Math.min(nextWake, p.backoffUntil);
          continue;
        }
        if (p.leader < 0) {
          needMetadata = true;
          nextWake = Math.min(nextWake, now + this.o.retryBackoffMs);
          continue;
        }
        let list = byNode.get(p.leader);
        if (!list) byNode.set(p.leader, (list = []));
        list.push(p);
      }
    }
    if (needMetadata) void this.refreshMetadata();
    for (const [node, partitions] of byNode) {
      while ((this.inFlightByNode.get(node) ?? 0) < this.o.maxInFlight) {
        const batches = this.collect(partitions);
        if (batches.length === 0) break;
        this.sendRequest(node, batches);
      }
    }
    if (nextWake !== Number.POSITIVE_INFINITY) this.armTimer(nextWake);
  }

  /** At most one batch per partition, within max.request.size, respecting each partition's order rules. */
  private collect(partitions: PartitionState[]): Batch[] {
    const out: Batch[] = [];
    let bytes = 0;
    const perPartitionLimit = this.o.idempotent ? this.o.maxInFlight : 1;
    for (const p of partitions) {
      let b: Batch | undefined;
      if (p.retry.length > 0) {
        // resend only once everything sent before is back, then one at a time until acknowledged
        if (p.inFlight.length > 0) continue;
        b = p.retry.shift();
        p.probing = true;
      } else {
        if (p.recovering || p.probing) {
          if (p.inFlight.length > 0) continue;
          p.recovering = false;
        }
        if (p.ready.length === 0 || p.inFlight.length >= perPartitionLimit) continue;
        b = p.ready.shift();
      }
      if (!b) continue;
      if (!b.bytes) this.encode(b, p);
      else if (this.o.idempotent && b.bytes.readInt32BE(53) !== b.baseSequence) rewriteBaseSequence(b.bytes, b.baseSequence);
      if (out.length > 0 && bytes + b.bytes!.length > this.o.maxRequestSize) {
        // it goes first in the next request
        if (b.attempts > 0) p.retry.unshift(b);
        else p.ready.unshift(b);
        continue;
      }
      bytes += b.bytes!.length;
      b.attempts++;
      p.inFlight.push(b);
      out.push(b);
    }
    return out;
  }

  private encode(b: Batch, p: PartitionState): void {
    if (this.o.idempotent) {
      b.baseSequence = p.nextSequence;
      p.nextSequence = (p.nextSequence + b.count) % SEQUENCE_WRAP;
      b.bytes = b.builder!.build({ producerId: this.producerId, producerEpoch: this.producerEpoch, baseSequence: b.baseSequence });
    } else {
      b.bytes = b.builder!.build();
    }
    // the encoded bytes are all we keep (a split decodes them again)
    b.builder = undefined;
  }

  private sendRequest(node: number, batches: Batch[]): void {
    this.inFlightByNode.set(node, (this.inFlightByNode.get(node) ?? 0) + 1);
    const topics = new Map<string, { partition: number; records: Buffer }[]>();
    for (const b of batches) {
      let l = topics.get(b.topic);
      if (!l) topics.set(b.topic, (l = []));
      l.push({ partition: b.partition, records: b.bytes! });
    }
    const payload = [...topics].map(([topic, partitions]) => ({ topic, partitions }));
    const acks = this.o.acks;
    const request = this.client.request<ProduceResponse | null>(
      node,
      PRODUCE_API_KEY,
      PRODUCE_VERSIONS,
      () => encodeProduceRequest(acks, this.o.requestTimeoutMs, payload),
      (reader, version) => (acks === 0 ? null : decodeProduceResponse(reader.buffer.slice(reader.position, reader.length), version)),
      () => true,
      // the broker answers REQUEST_TIMED_OUT itself after the request's timeout: give it that long first
      { timeoutMs: this.o.requestTimeoutMs + 2000 },
    );
    request.then(
      (response) => this.onResponse(node, batches, response),
      (err) => this.onRequestError(node, batches, err),
    );
  }

  private onResponse(node: number, batches: Batch[], response: ProduceResponse | null): void {
    this.inFlightByNode.set(node, (this.inFlightByNode.get(node) ?? 1) - 1);
    if (response === null) {
      for (const b of batches) this.complete(b);
      this.scheduleDrain();
      return;
    }
    const results = new Map<string, ProduceResponse['topics'][number]['partitions'][number]>();
    for (const t of response.topics) for (const p of t.partitions) results.set(`${t.topic}\u0000${p.partition}`, p);
    let stale = false;
    for (const b of batches) {
      const r = results.get(`${b.topic}\u0000${b.partition}`);
      const p = this.partitionOf(b);
      if (!r) {
        this.retryLater(b, p, new KafkaClientError('connection', 'the broker did not answer for this partition'));
        continue;
      }
      if (r.errorCode === 0 || r.errorCode === DUPLICATE_SEQUENCE_NUMBER) {
        this.complete(b, r.baseOffset);
        continue;
      }
      if (r.currentLeader && r.currentLeader.leaderId >= 0) {
        for (const e of response.nodeEndpoints) if (!this.client.brokers.has(e.nodeId)) this.client.brokers.set(e.nodeId, e);
        p.leader = r.currentLeader.leaderId;
      } else if (STALE_METADATA.has(r.errorCode)) stale = true;
      this.onPartitionError(b, p, new BrokerError(r.errorCode, r.errorMessage, `${b.topic}-${b.partition}`), r.recordErrors);
    }
    if (stale) void this.refreshMetadata();
    this.scheduleDrain();
  }

  private onRequestError(node: number, batches: Batch[], err: unknown): void {
    this.inFlightByNode.set(node, (this.inFlightByNode.get(node) ?? 1) - 1);
    const e = err instanceof Error ? err : new Error(String(err));
    // a request that never left (the leader cannot be reached) uses up no retry, as in Kafka
    const notSent = e instanceof KafkaClientError && e.detail.notSent === true;
    for (const b of batches) {
      const p = this.partitionOf(b);
      if (notSent) b.attempts--;
      if (isRetriable(e)) this.retryLater(b, p, e);
      else this.failBatch(b, p, e);
    }
    void this.refreshMetadata();
    this.scheduleDrain();
  }

  private onPartitionError(b: Batch, p: PartitionState, err: BrokerError, recordErrors: { batchIndex: number; message: string | null }[]): void {
    if ((err.code === MESSAGE_TOO_LARGE || err.code === RECORD_LIST_TOO_LARGE) && b.count > 1) {
      this.split(b, p);
      return;
    }
    if (err.code === OUT_OF_ORDER_SEQUENCE_NUMBER && this.o.idempotent) {
      // expected while an earlier batch of this partition is being resent; otherwise the
      // broker lost records it had acknowledged: report, never resend blindly
      const earlierPending = p.retry.some((x) => x.ordinal < b.ordinal) || p.inFlight.some((x) => x !== b && x.ordinal < b.ordinal) || p.recovering;
      if (earlierPending) {
        this.retryLater(b, p, err, true);
        return;
      }
    }
    if (err.retriable) {
      this.retryLater(b, p, err);
      return;
    }
    if (recordErrors.length > 0)
      err = new BrokerError(err.code, recordErrors.map((x) => `record ${x.batchIndex}: ${x.message ?? ''}`).join('; '), err.resource);
    this.failBatch(b, p, err);
  }

  /** Puts a batch back in sequence order; the partition stops sending until its batches in flight are back. */
  private retryLater(b: Batch, p: PartitionState, err: Error, quiet = false): void {
    removeFrom(p.inFlight, b);
    const now = Date.now();
    const attemptsLeft = this.o.retries - b.attempts + 1;
    if (now - b.createdAt >= this.o.deliveryTimeoutMs || attemptsLeft <= 0) {
      const reason =
        attemptsLeft <= 0
          ? err
          : new ProduceFailure(
              `Expiring ${b.count} record(s) for ${b.topic}-${b.partition}:${now - b.createdAt} ms has passed since batch creation (last error: ${describe(err)})`,
              'TIMEOUT',
            );
      this.failBatch(b, p, reason);
      return;
    }
    if (!quiet) {
      const key = err instanceof BrokerError ? err.type : err.message;
      if (!p.warned.has(key)) {
        p.warned.add(key);
        this.o.onRetry?.(b.topic, b.partition, err, attemptsLeft);
      }
    }
    insertInOrder(p.retry, b);
    p.recovering = true;
    p.probing = false;
    p.backoffUntil = now + p.backoff;
    p.backoff = Math.min(p.backoff * 2, this.o.retryBackoffMaxMs);
  }

  /** A batch the broker refused as too large: its records go again as two batches (same sequences). */
  private split(b: Batch, p: PartitionState): void {
    removeFrom(p.inFlight, b);
    const bytes = b.bytes!;
    const [header] = scanBatches(bytes).batches;
    const records = readRecords(bytes, header!);
    const half = Math.ceil(records.length / 2);
    const parts = [records.slice(0, half), records.slice(half)];
    const tagParts = [b.tags.slice(0, half), b.tags.slice(half)];
    let seq = b.baseSequence;
    const made: Batch[] = parts.map((list, i) => {
      const builder = new RecordBatchBuilder(this.o.compression);
      for (const r of list) builder.append({ key: r.key, value: r.value, headers: r.headers, timestamp: r.timestamp }, r.timestamp);
      const size = builder.sizeInBytes;
      const bytes = this.o.idempotent ? builder.build({ producerId: this.producerId, producerEpoch: this.producerEpoch, baseSequence: seq }) : builder.build();
      const nb: Batch = {
        topic: b.topic,
        partition: b.partition,
        count: list.length,
        size,
        ordinal: b.ordinal + i / 2,
        tags: tagParts[i]!,
        createdAt: b.createdAt,
        bytes,
        baseSequence: seq,
        attempts: b.attempts,
        done: i === 1 ? b.done : undefined,
      };
      seq = (seq + list.length) % SEQUENCE_WRAP;
      return nb;
    });
    // the halves replace the batch in the memory count and in what flush() waits for
    this.buffered += made[0]!.size + made[1]!.size - b.size;
    this.outstanding++;
    for (const nb of made) insertInOrder(p.retry, nb);
    p.recovering = true;
  }

  private expire(p: PartitionState, now: number): void {
    for (const list of [p.ready, p.retry]) {
      while (list.length > 0 && now - list[0]!.createdAt >= this.o.deliveryTimeoutMs) {
        const b = list.shift()!;
        this.failBatch(
          b,
          p,
          new ProduceFailure(`Expiring ${b.count} record(s) for ${b.topic}-${b.partition}:${now - b.createdAt} ms has passed since batch creation`, 'TIMEOUT'),
        );
      }
    }
  }

  private complete(b: Batch, baseOffset = -1): void {
    const p = this.partitionOf(b);
    removeFrom(p.inFlight, b);
    if (p.retry.length === 0 && p.inFlight.length === 0) p.probing = false;
    p.backoff = this.o.retryBackoffMs;
    this.sent += b.count;
    this.o.onDelivered?.(b.count, b.createdAt);
    this.o.onAcknowledged?.(b.tags, b.topic, b.partition, baseOffset);
    this.release(b);
  }

  /**
   * A batch that will never be delivered. Its sequences were not used by the broker, so the
   * partition's later batches move down by its record count (Java's sequence adjustment).
   */
  private failBatch(b: Batch, p: PartitionState, err: Error): void {
    removeFrom(p.inFlight, b);
    removeFrom(p.retry, b);
    if (this.o.idempotent && b.bytes) {
      const n = b.count;
      for (const x of [...p.inFlight, ...p.retry, ...p.ready])
        if (x.bytes && seqBefore(b.baseSequence, x.baseSequence)) x.baseSequence = (x.baseSequence - n + SEQUENCE_WRAP) % SEQUENCE_WRAP;
      p.nextSequence = (p.nextSequence - n + SEQUENCE_WRAP) % SEQUENCE_WRAP;
    }
    this.fail(b, err);
  }

  private fail(b: Batch, err: Error): void {
    this.failed += b.count;
    this.o.onFailure(b.tags, err);
    this.release(b);
  }

  private release(b: Batch): void {
    this.buffered -= b.size;
    b.done?.resolve();
    this.outstanding--;
    while (this.buffered <= this.o.bufferMemory && this.roomWaiters.length > 0) this.roomWaiters.shift()!();
    if (this.outstanding === 0) while (this.idleWaiters.length > 0) this.idleWaiters.shift()!();
  }

  private waitForRoom(): Promise<void> {
    this.scheduleDrain();
    return new Promise((r) => this.roomWaiters.push(r));
  }

  private partitionOf(b: Batch): PartitionState {
    return (this.topics.get(b.topic) as TopicState).partitions[b.partition]!;
  }

  get isClosed(): boolean {
    return this.closed;
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function removeFrom<T>(list: T[], x: T): void {
  const i = list.indexOf(x);
  if (i >= 0) list.splice(i, 1);
}

/** a before b in sequence order (sequences wrap at Int.MAX_VALUE) */
function seqBefore(a: number, b: number): boolean {
  const d = (b - a + SEQUENCE_WRAP) % SEQUENCE_WRAP;
  return d > 0 && d < SEQUENCE_WRAP / 2;
}

function insertInOrder(list: Batch[], b: Batch): void {
  let i = list.length;
  while (i > 0 && b.ordinal < list[i - 1]!.ordinal) i--;
  list.splice(i, 0, b);
}

/** A failure as the console producer reports it: the broker's text, then its error name (docs/errors.md E28). */
export function describe(err: Error): string {
  if (err instanceof BrokerError) return `${err.message.replace(/\.$/, '')} (${err.type})`;
  return err.message;
}

export { errorName };
