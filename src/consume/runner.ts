/**
 * Runs a kafkajs consumer the way Kafka's console consumer behaves, plus our extras.
 * kafkajs has no assign(): without --group we join a throw-away group of one with an
 * assignor that claims exactly the wanted partitions, never commit, seek to the resolved
 * start offsets, and delete the group on exit, so nothing is left behind.
 */
import { randomBytes } from 'node:crypto';
import type { Admin, Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { KafkaLabError } from '../errors.js';
import type { ConsumedRecord, RecordHeader } from '../format/record.js';
import { resolveOffset, specFor, type OffsetPlan, type OffsetSpec } from '../format/offset-spec.js';

export interface ConsumerSettings {
  sessionTimeout?: number;
  heartbeatInterval?: number;
  rebalanceTimeout?: number;
  maxBytes?: number;
  maxBytesPerPartition?: number;
  maxWaitTimeInMs?: number;
  minBytes?: number;
  autoCommit?: boolean;
  autoCommitInterval?: number;
}

export interface RunOptions {
  kafka: Kafka;
  admin: Admin;
  topics: string[];
  /** user's group; absent: a throw-away group that is deleted on exit */
  group?: string;
  /** only these partitions (needs exactly one topic) */
  partitions?: number[];
  /** explicit start offsets (-o / --offset) */
  plan?: OffsetPlan;
  /** where to start without a plan or committed offset: Kafka's default is the end */
  defaultStart: OffsetSpec;
  maxMessages?: number;
  /** stop when no record arrives for this long */
  idleTimeoutMs?: number;
  untilEnd: boolean;
  /** print only the last N records across partitions (implies untilEnd) */
  tail?: number;
  readUncommitted: boolean;
  settings: ConsumerSettings;
  /** prints one record; resolves when the output can take more (back-pressure) */
  onRecord: (r: ConsumedRecord) => Promise<void> | void;
  verbose?: boolean;
}

export type StopReason = 'max-messages' | 'idle' | 'end' | 'interrupted' | 'output-closed' | 'error';

export interface RunResult {
  processed: number;
  reason: StopReason;
  error?: Error;
  groupId: string;
}

type Tp = `${string}\u0000${number}`;
const tpKey = (t: string, p: number): Tp => `${t}\u0000${p}`;

export function headersFrom(h: KafkaMessage['headers']): RecordHeader[] {
  const out: RecordHeader[] = [];
  if (!h) return out;
  for (const [key, v] of Object.entries(h)) {
    const values = Array.isArray(v) ? v : [v];
    for (const x of values) out.push({ key, value: x === undefined || x === null ? null : Buffer.isBuffer(x) ? x : Buffer.from(String(x)) });
  }
  return out;
}

/** The exact log order when our record decoder is active (kafkajs-header-order.ts). */
function headersInOrder(m: KafkaMessage): RecordHeader[] | undefined {
  const ordered = (m as { headersInOrder?: { key: string; value: Buffer | null }[] }).headersInOrder;
  return ordered?.map((h) => ({ key: h.key, value: h.value }));
}

export function toConsumedRecord(topic: string, partition: number, m: KafkaMessage): ConsumedRecord {
  const tsType = (m as { batchContext?: { timestampType?: number } }).batchContext?.timestampType;
  return {
    topic,
    partition,
    offset: m.offset,
    timestamp: m.timestamp,
    timestampType: tsType === 1 ? 'LogAppendTime' : Number(m.timestamp) < 0 ? 'NoTimestampType' : 'CreateTime',
    key: m.key ?? null,
    value: m.value ?? null,
    headers: headersInOrder(m) ?? headersFrom(m.headers),
  };
}

export class ConsoleConsumerRun {
  private processed = 0;
  private stopReason: StopReason | undefined;
  private stopError: Error | undefined;
  private resolveDone!: () => void;
  private readonly done = new Promise<void>((r) => (this.resolveDone = r));
  private idleTimer: NodeJS.Timeout | undefined;
  /** per partition: the offset at which it counts as caught up */
  private readonly endOffsets = new Map<Tp, bigint>();
  private readonly caughtUp = new Set<Tp>();
  private assigned = new Set<Tp>();
  private tailBuffer: ConsumedRecord[] = [];
  private consumer: Consumer | undefined;
  private joinWork: Promise<void> | undefined;
  readonly groupId: string;

  constructor(private readonly o: RunOptions) {
    this.groupId = o.group ?? `kafka-lab-console-consumer-${randomBytes(4).toString('hex')}`;
  }

  stop(reason: StopReason, error?: Error): void {
    if (this.stopReason) return;
    this.stopReason = reason;
    this.stopError = error;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.resolveDone();
  }

  private touchIdle(): void {
    if (this.o.idleTimeoutMs === undefined || this.o.idleTimeoutMs < 0) return;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.stop('idle'), this.o.idleTimeoutMs);
  }

  /** Watermarks of every partition of the topics: partition -> {low, high}. */
  private async watermarks(topic: string): Promise<Map<number, { low: bigint; high: bigint }>> {
    const offsets = await this.o.admin.fetchTopicOffsets(topic);
    return new Map(offsets.map((x) => [x.partition, { low: BigInt(x.low), high: BigInt(x.high) }]));
  }

  private async startOffset(topic: string, partition: number, w: { low: bigint; high: bigint }, spec: OffsetSpec): Promise<bigint> {
    if (spec.kind === 'time') {
      const r = await this.o.admin.fetchTopicOffsetsByTimestamp(topic, spec.ms);
      const hit = r.find((x) => x.partition === partition);
      return resolveOffset(spec, w.low, w.high, hit ? BigInt(hit.offset) : undefined);
    }
    return resolveOffset(spec, w.low, w.high);
  }

  /** Consumes until a stop condition; always leaves the group (and deletes a throw-away one). */
  async run(): Promise<RunResult> {
    const { kafka, admin } = this.o;
    const kafkajs = await import('kafkajs');
    const { fixedAssigner, javaAssigners } = await import('./assignors.js');
    const untilEnd = this.o.untilEnd || this.o.tail !== undefined;
    if (this.stopReason) return this.finish(this.stopReason, this.stopError);
    const throwaway = this.o.group === undefined;

    // where each wanted partition starts (throw-away group: we decide everything)
    const starts = new Map<Tp, { topic: string; partition: number; offset: bigint }>();
    const marks = new Map<string, Map<number, { low: bigint; high: bigint }>>();
    for (const t of this.o.topics) marks.set(t, await this.watermarks(t));

    let wanted: Map<string, number[]> | undefined;
    if (throwaway) {
      wanted = new Map();
      for (const t of this.o.topics) {
        const all = [...marks.get(t)!.keys()].sort((a, b) => a - b);
        const parts = this.o.partitions ?? all;
        for (const p of parts) {
          if (!all.includes(p)) throw new KafkaLabError(`topic '${t}' has no partition ${p}`, { hint: `It has partitions 0-${all.length - 1}.`, exitCode: 1 });
        }
        wanted.set(t, parts);
        for (const p of parts) {
          const w = marks.get(t)!.get(p)!;
          let off: bigint;
          if (this.o.tail !== undefined) off = w.high - BigInt(this.o.tail) < w.low ? w.low : w.high - BigInt(this.o.tail);
          else off = await this.startOffset(t, p, w, this.o.plan ? specFor(this.o.plan, p, this.o.defaultStart) : this.o.defaultStart);
          starts.set(tpKey(t, p), { topic: t, partition: p, offset: off });
          this.assigned.add(tpKey(t, p));
          this.endOffsets.set(tpKey(t, p), w.high);
          if (off >= w.high) this.caughtUp.add(tpKey(t, p));
        }
      }
      if (untilEnd && this.caughtUp.size === this.assigned.size) return this.finish('end', undefined);
    }

    const { waitForGroupCoordinator } = await import('../client/coordinator.js');
    await waitForGroupCoordinator(
      admin,
      [this.groupId],
      60_000,
      () => process.stderr.write('waiting for the group coordinator (a new cluster is creating __consumer_offsets)...\n'),
      () => this.stopReason !== undefined,
    );
    if (this.stopReason) return this.finish(this.stopReason, this.stopError);
    const consumer = kafka.consumer({
      groupId: this.groupId,
      partitionAssigners: throwaway ? [fixedAssigner(kafkajs, wanted!)] : javaAssigners(kafkajs),
      readUncommitted: this.o.readUncommitted,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: this.o.settings.maxWaitTimeInMs ?? 500,
      sessionTimeout: this.o.settings.sessionTimeout ?? 10_000,
      heartbeatInterval: this.o.settings.heartbeatInterval ?? 3000,
      rebalanceTimeout: this.o.settings.rebalanceTimeout,
      maxBytes: this.o.settings.maxBytes,
      maxBytesPerPartition: this.o.settings.maxBytesPerPartition,
      minBytes: this.o.settings.minBytes,
      retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1000, restartOnFailure: async () => false },
    });
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, (e) => {
      const err = (e.payload as { error: Error }).error;
      this.stop('error', err);
    });

    // with a user group the assignment comes from the group: learn it at each join
    const joined = new Promise<void>((resolve) => {
      consumer.on(consumer.events.GROUP_JOIN, (e) => {
        // seek here, inside the join and before the first fetch, so nothing is read from elsewhere
        if (throwaway) for (const st of starts.values()) consumer.seek({ topic: st.topic, partition: st.partition, offset: st.offset.toString() });
        // batches wait for this, so --until-end knows the assignment and its end offsets first
        this.joinWork = this.onJoin(e.payload.memberAssignment, throwaway, untilEnd, starts, consumer).then(resolve, (err: Error) => this.stop('error', err));
      });
    });

    try {
      await consumer.connect();
      for (const t of this.o.topics) await consumer.subscribe({ topic: t, fromBeginning: this.o.defaultStart.kind === 'start' });
      await consumer.run({
        autoCommit: throwaway ? false : (this.o.settings.autoCommit ?? true),
        autoCommitInterval: this.o.settings.autoCommitInterval ?? 5000,
        // we resolve record by record, so a commit never covers records we did not print
        eachBatchAutoResolve: false,
        eachBatch: (payload) => this.onBatch(payload, untilEnd),
      });
      this.touchIdle();
      await Promise.race([joined.then(() => this.done), this.done]);
    } catch (err) {
      this.stop('error', err as Error);
    }
    return this.finish(this.stopReason ?? 'error', this.stopError);
  }

  private async onJoin(
    memberAssignment: Record<string, number[]>,
    throwaway: boolean,
    untilEnd: boolean,
    starts: Map<Tp, { topic: string; partition: number; offset: bigint }>,
    consumer: Consumer,
  ): Promise<void> {
    if (throwaway) return;
    this.assigned = new Set();
    this.caughtUp.clear();
    for (const [topic, parts] of Object.entries(memberAssignment)) {
      const w = await this.watermarks(topic);
      const committed = untilEnd ? await this.committed(topic) : new Map<number, bigint>();
      for (const p of parts) {
        const k = tpKey(topic, p);
        const wm = w.get(p)!;
        this.assigned.add(k);
        this.endOffsets.set(k, wm.high);
        let start: bigint | undefined;
        if (this.o.plan) {
          start = await this.startOffset(topic, p, wm, specFor(this.o.plan, p, this.o.defaultStart));
          consumer.seek({ topic, partition: p, offset: start.toString() });
        } else start = committed.get(p) ?? (this.o.defaultStart.kind === 'start' ? wm.low : wm.high);
        if (untilEnd && start >= wm.high) this.caughtUp.add(k);
      }
    }
    void starts;
    if (untilEnd && this.caughtUp.size === this.assigned.size) this.stop('end');
  }

  private async committed(topic: string): Promise<Map<number, bigint>> {
    const r = await this.o.admin.fetchOffsets({ groupId: this.groupId, topics: [topic] });
    const m = new Map<number, bigint>();
    for (const p of r[0]?.partitions ?? []) if (Number(p.offset) >= 0) m.set(p.partition, BigInt(p.offset));
    return m;
  }

  private async onBatch({ batch, isRunning, isStale, resolveOffset: resolve, heartbeat }: EachBatchPayload, untilEnd: boolean): Promise<void> {
    if (this.joinWork) await this.joinWork;
    const k = tpKey(batch.topic, batch.partition);
    // kafkajs's resolveOffset parses the offset into a Long on every call, so the last offset
    // processed is resolved once, before every await and when the loop ends: kafkajs sees the
    // same offsets at every point where other code can run. For the same reason, whether the
    // consumer still runs and the partition was not seeked can only change across an await.
    let toResolve: string | undefined;
    const resolvePending = () => {
      if (toResolve !== undefined) resolve(toResolve);
      toResolve = undefined;
    };
    let checkRunning = true;
    try {
      for (const m of batch.messages) {
        if (this.stopReason) return;
        if (checkRunning) {
          if (!isRunning() || isStale()) return;
          checkRunning = false;
        }
        if ((m as { isControlRecord?: boolean }).isControlRecord) {
          toResolve = m.offset;
          continue;
        }
        const rec = toConsumedRecord(batch.topic, batch.partition, m);
        this.touchIdle();
        if (this.o.tail !== undefined) {
          this.tailBuffer.push(rec);
          if (this.tailBuffer.length > this.o.tail * 4 + 1000) this.trimTail();
        } else {
          const wait = this.o.onRecord(rec);
          if (wait) {
            resolvePending();
            await wait;
            checkRunning = true;
          }
          if (this.stopReason === 'error') return;
          this.processed++;
        }
        toResolve = m.offset;
        if (this.o.maxMessages !== undefined && this.processed >= this.o.maxMessages) {
          this.stop('max-messages');
          return;
        }
        if (untilEnd && BigInt(m.offset) + 1n >= (this.endOffsets.get(k) ?? 0n)) this.markCaughtUp(k);
      }
    } finally {
      resolvePending();
    }
    if (this.stopReason || !isRunning() || isStale()) return;
    if (!batch.isEmpty()) resolve(batch.lastOffset());
    // an empty fetch says nothing about our position (it may even predate our seek)
    if (untilEnd && !(batch as typeof batch & { isEmptyIncludingFiltered(): boolean }).isEmptyIncludingFiltered()) {
      const last = BigInt(batch.lastOffset()) + 1n;
      if (last >= (this.endOffsets.get(k) ?? 0n)) this.markCaughtUp(k);
    }
    await heartbeat().catch(() => {});
  }

  private markCaughtUp(k: Tp): void {
    this.caughtUp.add(k);
    if (this.caughtUp.size >= this.assigned.size && [...this.assigned].every((x) => this.caughtUp.has(x))) this.stop('end');
  }

  private trimTail(): void {
    const n = this.o.tail!;
    this.tailBuffer.sort(byTime);
    this.tailBuffer = this.tailBuffer.slice(Math.max(0, this.tailBuffer.length - n));
  }

  private async finish(reason: StopReason, error: Error | undefined): Promise<RunResult> {
    this.stopReason ??= reason;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (this.consumer) await this.consumer.disconnect().catch(() => {});
    if (this.o.group === undefined && this.consumer) await deleteGroupQuietly(this.o.admin, this.groupId);
    if (this.o.tail !== undefined) {
      this.trimTail();
      for (const r of this.tailBuffer) {
        if (this.stopReason === 'output-closed') break;
        await this.o.onRecord(r);
        this.processed++;
      }
    }
    return { processed: this.processed, reason, error, groupId: this.groupId };
  }
}

function byTime(a: ConsumedRecord, b: ConsumedRecord): number {
  const d = Number(a.timestamp) - Number(b.timestamp);
  if (d !== 0) return d;
  if (a.partition !== b.partition) return a.partition - b.partition;
  return Number(BigInt(a.offset) - BigInt(b.offset));
}

/** The leave request may still be in flight: retry a few times before giving up silently. */
export async function deleteGroupQuietly(admin: Admin, groupId: string): Promise<boolean> {
  for (let i = 0; i < 10; i++) {
    try {
      await admin.deleteGroups([groupId]);
      return true;
    } catch (err) {
      const e = err as { groups?: { errorCode?: number; error?: { type?: string } }[] };
      const type = e.groups?.[0]?.error?.type;
      if (type === 'GROUP_ID_NOT_FOUND') return true;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return false;
}
