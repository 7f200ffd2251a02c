/**
 * The consumer's fetch loop over assigned partitions: one Fetch in flight per leader, the next
 * one sent as soon as the previous answer arrives (so the broker works while we format), and
 * records handed to a sink straight from the fetched bytes through a RecordCursor (no object
 * per record). It follows leaders as they move (a stopped broker, a failover), resets an
 * out-of-range position by the reset policy, skips control batches and, when reading
 * committed, the batches of aborted transactions. Memory stays bounded: one response per
 * leader is read ahead, at most `maxBytes` each.
 */
import { BrokerError, isRetriable } from '../client/errors.js';
import type { KafkaClient } from '../client/kafka-client.js';
import { listOffsets, OffsetTime } from '../client/admin.js';
import { decodeFetchResponse, encodeFetchRequest, FETCH_API_KEY, FETCH_VERSIONS, type FetchedPartition, type FetchResponse } from '../protocol/fetch.js';
import { LOG_OVERHEAD, parseBatchHeader, RECORD_BATCH_OVERHEAD, RecordCursor } from '../protocol/record-batch.js';
import { int32 } from '../protocol/bytes.js';

export interface TopicPartition {
  topic: string;
  partition: number;
}

export interface RecordSink {
  /** One record (the cursor is positioned on it). Return false to stop consuming now. */
  record(topic: string, partition: number, cursor: RecordCursor): boolean;
  /** After each fetched chunk: a promise when the output wants the fetcher to wait. */
  flushed(): Promise<void> | undefined;
}

export interface FetcherOptions {
  /** 0 read_uncommitted, 1 read_committed */
  isolationLevel: 0 | 1;
  maxWaitMs: number;
  minBytes: number;
  /** bytes per response (fetch.max.bytes) */
  maxBytes: number;
  /** bytes per partition per response (max.partition.fetch.bytes) */
  partitionMaxBytes: number;
  /** where to go when a position is out of range */
  resetPolicy: 'earliest' | 'latest' | 'none';
  retryBackoffMs: number;
  /** a fetch problem worth telling the user once (a broker down, leaders moving) */
  onWarning?: (message: string) => void;
}

export const FETCHER_DEFAULTS: FetcherOptions = {
  isolationLevel: 0,
  maxWaitMs: 500,
  minBytes: 1,
  maxBytes: 8 * 1024 * 1024,
  partitionMaxBytes: 1024 * 1024,
  resetPolicy: 'latest',
  retryBackoffMs: 100,
};

interface PartitionState extends TopicPartition {
  /** next offset to hand to the sink */
  position: number;
  /** next offset to ask the broker for (ahead of position while a response is being read) */
  fetchPosition: number;
  leader: number;
  highWatermark: number;
  lastStableOffset: number;
  paused: boolean;
  backoffUntil: number;
}

const key = (t: string, p: number) => `${t}\u0000${p}`;

export class Fetcher {
  private readonly o: FetcherOptions;
  private readonly parts = new Map<string, PartitionState>();
  private readonly busyNodes = new Set<number>();
  private stopped = false;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;
  private readonly cursor = new RecordCursor();
  private metadataRefresh: Promise<void> | undefined;
  private readonly warned = new Set<string>();

  constructor(
    private readonly client: KafkaClient,
    options: Partial<FetcherOptions> = {},
  ) {
    this.o = { ...FETCHER_DEFAULTS, ...options };
  }

  /** Adds partitions at the given offsets (replacing any previous position). */
  assign(positions: (TopicPartition & { offset: number })[]): void {
    for (const p of positions) {
      this.parts.set(key(p.topic, p.partition), {
        topic: p.topic,
        partition: p.partition,
        position: p.offset,
        fetchPosition: p.offset,
        leader: -1,
        highWatermark: -1,
        lastStableOffset: -1,
        paused: false,
        backoffUntil: 0,
      });
    }
    this.poke();
  }

  /** Stops fetching these partitions (a rebalance took them away). */
  unassign(tps: TopicPartition[]): void {
    for (const tp of tps) this.parts.delete(key(tp.topic, tp.partition));
  }

  assigned(): (TopicPartition & { position: number })[] {
    return [...this.parts.values()].map((p) => ({ topic: p.topic, partition: p.partition, position: p.position }));
  }

  position(topic: string, partition: number): number | undefined {
    return this.parts.get(key(topic, partition))?.position;
  }

  stop(): void {
    this.stopped = true;
    this.poke();
  }

  /** Fetches and hands records to the sink until stop() or a fatal error. */
  async run(sink: RecordSink): Promise<void> {
    await this.refreshLeaders();
    const pending = new Map<number, Promise<{ node: number; parts: PartitionState[]; response?: FetchResponse; error?: unknown }>>();
    while (!this.stopped && !this.failure) {
      // one fetch per leader: those whose previous answer is in
      const byNode = new Map<number, PartitionState[]>();
      const now = Date.now();
      let soonest = Number.POSITIVE_INFINITY;
      for (const p of this.parts.values()) {
        if (p.paused) continue;
        if (p.backoffUntil > now) {
          soonest = Math.min(soonest, p.backoffUntil);
          continue;
        }
        if (p.leader < 0) {
          void this.refreshLeaders();
          soonest = Math.min(soonest, now + this.o.retryBackoffMs);
          continue;
        }
        if (this.busyNodes.has(p.leader)) continue;
        let list = byNode.get(p.leader);
        if (!list) byNode.set(p.leader, (list = []));
        list.push(p);
      }
      for (const [node, list] of byNode) pending.set(node, this.fetchFrom(node, list));
      if (pending.size === 0) {
        await this.sleep(soonest === Number.POSITIVE_INFINITY ? 1000 : Math.max(1, soonest - Date.now()));
        continue;
      }
      const wakeup = new Promise<'wake'>((r) => (this.wake = () => r('wake')));
      const first = await Promise.race([...pending.values(), wakeup]);
      if (first === 'wake') continue;
      pending.delete(first.node);
      this.busyNodes.delete(first.node);
      if (first.error !== undefined) {
        this.onNodeError(first.node, first.parts, first.error);
        continue;
      }
      // the broker works on the next fetch while this one is formatted
      this.advanceFetchPositions(first.parts, first.response!);
      const next = this.nextFetch(first.node);
      if (next) pending.set(first.node, next);
      const wait = this.deliver(first.parts, first.response!, sink);
      if (wait) await wait;
    }
    if (this.failure) throw this.failure;
  }

  /** Where the next fetch of each partition of a response starts: after its last complete batch. */
  private advanceFetchPositions(parts: PartitionState[], response: FetchResponse): void {
    if (response.errorCode !== 0) return;
    for (const r of response.partitions) {
      if (r.errorCode !== 0 || !r.records) continue;
      const p = this.parts.get(key(r.topic, r.partition));
      if (!p || !parts.includes(p)) continue;
      const buf = r.records;
      let pos = 0;
      let next = -1;
      while (pos + RECORD_BATCH_OVERHEAD <= buf.length) {
        const size = int32(buf, pos + 8) + LOG_OVERHEAD;
        if (pos + size > buf.length) break;
        // last offset = base offset + last offset delta
        next = Number(buf.readBigInt64BE(pos)) + int32(buf, pos + 23) + 1;
        pos += size;
      }
      if (next > p.fetchPosition) p.fetchPosition = next;
    }
  }

  /** The next fetch from a node whose answer just came, for its partitions that can go on now. */
  private nextFetch(node: number) {
    if (this.stopped || this.failure) return undefined;
    const now = Date.now();
    const list = [...this.parts.values()].filter((p) => p.leader === node && !p.paused && p.backoffUntil <= now);
    return list.length > 0 ? this.fetchFrom(node, list) : undefined;
  }

  private fetchFrom(node: number, list: PartitionState[]) {
    this.busyNodes.add(node);
    const byTopic = new Map<string, { partition: number; fetchOffset: number; maxBytes: number }[]>();
    for (const p of list) {
      let l = byTopic.get(p.topic);
      if (!l) byTopic.set(p.topic, (l = []));
      l.push({ partition: p.partition, fetchOffset: p.fetchPosition, maxBytes: this.o.partitionMaxBytes });
    }
    const req = {
      maxWaitMs: this.o.maxWaitMs,
      minBytes: this.o.minBytes,
      maxBytes: this.o.maxBytes,
      isolationLevel: this.o.isolationLevel,
      topics: [...byTopic].map(([topic, partitions]) => ({ topic, partitions })),
    };
    return this.client
      .request(
        node,
        FETCH_API_KEY,
        FETCH_VERSIONS,
        () => encodeFetchRequest(req),
        (reader) => decodeFetchResponse(reader.buffer.slice(reader.position, reader.length)),
        () => true,
        { timeoutMs: this.o.maxWaitMs + 30_000 },
      )
      .then(
        (response) => ({ node, parts: list, response }),
        (error: unknown) => ({ node, parts: list, error }),
      );
  }

  private onNodeError(node: number, parts: PartitionState[], error: unknown): void {
    if (!isRetriable(error)) {
      this.failure = error instanceof Error ? error : new Error(String(error));
      return;
    }
    this.warnOnce(`node-${node}`, `broker ${node} is not answering (${(error as Error).message}); following the partitions' new leaders`);
    for (const p of parts) {
      p.leader = -1;
      p.backoffUntil = Date.now() + this.o.retryBackoffMs;
    }
    void this.refreshLeaders();
  }

  /** Hands one response's records to the sink; returns a promise when the sink wants a pause. */
  private deliver(parts: PartitionState[], response: FetchResponse, sink: RecordSink): Promise<void> | undefined {
    if (response.errorCode !== 0) {
      this.failure = new BrokerError(response.errorCode, null, 'fetch');
      return undefined;
    }
    for (const r of response.partitions) {
      const p = this.parts.get(key(r.topic, r.partition));
      if (!p || !parts.includes(p)) continue;
      if (r.errorCode !== 0) {
        this.onPartitionError(p, r);
        continue;
      }
      p.highWatermark = r.highWatermark;
      p.lastStableOffset = r.lastStableOffset;
      if (!this.consume(p, r, sink)) {
        this.stopped = true;
        break;
      }
    }
    return sink.flushed();
  }

  /** Walks the record batches of one partition's chunk. False when the sink said stop. */
  private consume(p: PartitionState, r: FetchedPartition, sink: RecordSink): boolean {
    const buf = r.records;
    if (!buf || buf.length === 0) return true;
    const aborted = this.o.isolationLevel === 1 ? [...r.abortedTransactions].sort((a, b) => a.firstOffset - b.firstOffset) : [];
    const abortedProducers = new Set<bigint>();
    let pos = 0;
    while (pos + RECORD_BATCH_OVERHEAD <= buf.length) {
      const size = int32(buf, pos + 8) + LOG_OVERHEAD;
      // the last batch may be cut short by the size limits: the next fetch starts there
      if (pos + size > buf.length) break;
      const batch = parseBatchHeader(buf, pos);
      pos += size;
      if (batch.lastOffset < p.position) continue;
      if (!batch.isValid) {
        this.failure = new Error(
          `Record batch for partition ${p.topic}-${p.partition} at offset ${batch.baseOffset} is invalid, cause: Record is corrupt (stored crc = ${batch.crc}, computed crc = ${batch.computedCrc})`,
        );
        return false;
      }
      while (aborted.length > 0 && aborted[0]!.firstOffset <= batch.lastOffset) abortedProducers.add(aborted.shift()!.producerId);
      if (batch.isControl) {
        // an ABORT marker ends that producer's aborted transaction
        if (abortedProducers.has(BigInt(batch.producerId))) abortedProducers.delete(BigInt(batch.producerId));
        p.position = batch.lastOffset + 1;
        if (p.fetchPosition < p.position) p.fetchPosition = p.position;
        continue;
      }
      if (batch.isTransactional && abortedProducers.has(BigInt(batch.producerId))) {
        p.position = batch.lastOffset + 1;
        if (p.fetchPosition < p.position) p.fetchPosition = p.position;
        continue;
      }
      this.cursor.reset(buf, batch);
      while (this.cursor.next()) {
        if (this.cursor.offset < p.position) continue;
        p.position = this.cursor.offset + 1;
        if (!sink.record(p.topic, p.partition, this.cursor)) return false;
      }
      // offsets a batch skips (compaction) are passed too
      p.position = batch.lastOffset + 1;
      if (p.fetchPosition < p.position) p.fetchPosition = p.position;
    }
    return true;
  }

  private onPartitionError(p: PartitionState, r: FetchedPartition): void {
    const err = new BrokerError(r.errorCode, null, `${p.topic}-${p.partition}`);
    if (r.errorCode === 1) {
      void this.resetOffset(p);
      return;
    }
    if (err.retriable) {
      this.warnOnce(`${p.topic}-${p.partition}-${err.type}`, `${p.topic}-${p.partition}: ${err.type}; retrying`);
      p.leader = -1;
      p.backoffUntil = Date.now() + this.o.retryBackoffMs;
      void this.refreshLeaders();
      return;
    }
    this.failure = err;
  }

  private async resetOffset(p: PartitionState): Promise<void> {
    if (this.o.resetPolicy === 'none') {
      this.failure = new BrokerError(
        1,
        `Fetch position FetchPosition{offset=${p.fetchPosition}} is out of range for partition ${p.topic}-${p.partition}`,
        p.topic,
      );
      this.poke();
      return;
    }
    p.paused = true;
    try {
      const [r] = await listOffsets(
        this.client,
        [{ topic: p.topic, partition: p.partition, timestamp: this.o.resetPolicy === 'earliest' ? OffsetTime.EARLIEST : OffsetTime.LATEST }],
        {
          isolation: this.o.isolationLevel === 1 ? 'read_committed' : 'read_uncommitted',
        },
      );
      if (r && r.errorCode === 0) p.position = p.fetchPosition = Number(r.offset);
      else p.backoffUntil = Date.now() + this.o.retryBackoffMs;
    } catch {
      p.backoffUntil = Date.now() + this.o.retryBackoffMs;
    } finally {
      p.paused = false;
      this.poke();
    }
  }

  /** Leaders of the assigned partitions from fresh metadata (one refresh at a time). */
  private refreshLeaders(): Promise<void> {
    this.metadataRefresh ??= (async () => {
      try {
        const topics = [...new Set([...this.parts.values()].map((p) => p.topic))];
        if (topics.length === 0) return;
        const meta = await this.client.metadata(topics);
        for (const t of meta.topics)
          for (const mp of t.partitions) {
            const p = this.parts.get(key(t.name, mp.partition));
            if (p) p.leader = mp.leader;
          }
      } catch {
        /* asked again on the next round */
      } finally {
        this.metadataRefresh = undefined;
        this.poke();
      }
    })();
    return this.metadataRefresh;
  }

  private warnOnce(k: string, message: string): void {
    if (this.warned.has(k)) return;
    this.warned.add(k);
    this.o.onWarning?.(message);
  }

  private poke(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }
}
