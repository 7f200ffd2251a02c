/**
 * The console consumer's run: which partitions, from where, until when.
 *
 * Without --group it reads by assignment, like Kafka's console consumer with --partition and
 * like kcat: no group, no coordinator, nothing committed, nothing left behind, so it works with
 * a broker down and on a cluster that never created __consumer_offsets. With --group it is a
 * member of a classic group (src/consume/group.ts): partitions come from the group, positions
 * from the committed offsets, and only what was handed to the output is committed.
 */
import { watermarks, listOffsets, tpKey } from '../client/admin.js';
import type { KafkaClient } from '../client/kafka-client.js';
import { KafkaLabError } from '../errors.js';
import { hints } from '../hints.js';
import { resolveOffset, specFor, type OffsetPlan, type OffsetSpec } from './offset-spec.js';
import type { ConsumedRecord } from '../format/record.js';
import { consumedRecord } from '../output/record-output.js';
import type { RecordCursor } from '../protocol/record-batch.js';
import { Fetcher, type TopicPartition } from './fetcher.js';
import { GroupMember } from './group.js';

export interface ConsumerSettings {
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  rebalanceTimeoutMs: number;
  maxBytes: number;
  partitionMaxBytes: number;
  maxWaitMs: number;
  minBytes: number;
  autoCommit: boolean;
  autoCommitIntervalMs: number;
  assignors: string[];
}

export const CONSUMER_SETTINGS: ConsumerSettings = {
  sessionTimeoutMs: 45_000,
  heartbeatIntervalMs: 3000,
  rebalanceTimeoutMs: 300_000,
  maxBytes: 8 * 1024 * 1024,
  partitionMaxBytes: 1024 * 1024,
  maxWaitMs: 500,
  minBytes: 1,
  autoCommit: true,
  autoCommitIntervalMs: 5000,
  assignors: ['range', 'roundrobin'],
};

export interface RecordOutput {
  /** Writes one record. Throwing stops the run with that error. */
  record(topic: string, partition: number, c: RecordCursor): void;
  /** Writes one record kept as an object (--tail keeps the newest records until the end). */
  recordObject(r: ConsumedRecord): void;
  /** A promise while the output is full. */
  backPressure(): Promise<void> | undefined;
  readonly isClosed: boolean;
}

export interface RunOptions {
  client: KafkaClient;
  topics: string[];
  /** the user's group; absent: read by assignment */
  group?: string;
  /** only these partitions (one topic) */
  partitions?: number[];
  /** explicit start offsets (-o / --offset) */
  plan?: OffsetPlan;
  /** where to start without a plan or a committed offset (Kafka's default: the end) */
  defaultStart: OffsetSpec;
  maxMessages?: number;
  /** stop when no record arrives for this long */
  idleTimeoutMs?: number;
  untilEnd: boolean;
  /** print only the newest N records across partitions (implies untilEnd) */
  tail?: number;
  readCommitted: boolean;
  settings: ConsumerSettings;
  output: RecordOutput;
  /** a record the output could not take: skip it (true) or stop (false) */
  skipOnError?: (err: Error, topic: string, partition: number, offset: number) => boolean;
  onWarning?: (message: string) => void;
}

export type StopReason = 'max-messages' | 'idle' | 'end' | 'interrupted' | 'output-closed' | 'error';

export interface RunResult {
  processed: number;
  reason: StopReason;
  error?: Error;
}

export class ConsoleConsumerRun {
  private processed = 0;
  private stopReason: StopReason | undefined;
  private stopError: Error | undefined;
  private resolveDone!: () => void;
  private readonly done = new Promise<void>((r) => (this.resolveDone = r));
  private idleTimer: NodeJS.Timeout | undefined;
  private fetcher: Fetcher | undefined;
  private member: GroupMember | undefined;
  /** per partition: the offset at which it counts as caught up (-e) */
  private readonly endOffsets = new Map<string, number>();
  private readonly caughtUp = new Set<string>();
  private tailBuffer: ConsumedRecord[] = [];
  private readonly committed = new Map<string, number>();

  constructor(private readonly o: RunOptions) {}

  stop(reason: StopReason, error?: Error): void {
    if (this.stopReason) return;
    this.stopReason = reason;
    this.stopError = error;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.fetcher?.stop();
    this.resolveDone();
  }

  async run(): Promise<RunResult> {
    try {
      if (this.o.group === undefined) await this.runAssigned();
      else await this.runInGroup(this.o.group);
    } catch (err) {
      this.stop('error', err as Error);
    }
    return this.finish();
  }

  // ------------------------------------------------------------ without a group

  private async runAssigned(): Promise<void> {
    const { client } = this.o;
    const meta = await client.metadata(this.o.topics);
    const wanted: TopicPartition[] = [];
    for (const t of meta.topics) {
      if (t.errorCode !== 0) throw new KafkaLabError(`topic '${t.name}' does not exist`, { kind: 'not-found', hint: hints.topicsList });
      const all = t.partitions.map((p) => p.partition).sort((a, b) => a - b);
      const parts = this.o.partitions ?? all;
      for (const p of parts) {
        if (!all.includes(p))
          throw new KafkaLabError(`topic '${t.name}' has no partition ${p}`, { kind: 'not-found', hint: `It has partitions 0-${all.length - 1}.` });
        wanted.push({ topic: t.name, partition: p });
      }
    }
    const starts = await this.startOffsets(wanted, new Map());
    if (this.stopReason) return;
    this.fetcher = this.newFetcher();
    this.fetcher.assign(starts);
    if (this.allCaughtUp()) {
      this.stop('end');
      return;
    }
    this.touchIdle();
    await Promise.race([this.fetcher.run(this.sink()), this.done]);
  }

  // ------------------------------------------------------------ in a group

  private async runInGroup(groupId: string): Promise<void> {
    const s = this.o.settings;
    const member = new GroupMember(this.o.client, {
      groupId,
      topics: this.o.topics,
      sessionTimeoutMs: s.sessionTimeoutMs,
      rebalanceTimeoutMs: s.rebalanceTimeoutMs,
      heartbeatIntervalMs: s.heartbeatIntervalMs,
      assignors: s.assignors,
      retryBackoffMs: 100,
    });
    this.member = member;
    let rebalance: () => void = () => {};
    member.whenRebalancing(() => rebalance());
    let slowNotice: NodeJS.Timeout | undefined;
    while (!this.stopReason) {
      slowNotice = setTimeout(
        () => this.o.onWarning?.(`waiting to join group '${groupId}' (the coordinator may be starting, or the group rebalancing)...`),
        3000,
      );
      let assigned: Awaited<ReturnType<GroupMember['join']>>;
      try {
        assigned = await Promise.race([member.join(Date.now() + 120_000), this.done.then(() => undefined)]).then((a) => a!);
      } finally {
        clearTimeout(slowNotice);
      }
      if (this.stopReason || !assigned) return;
      const tps = [...assigned.assignment].flatMap(([topic, ps]) => ps.map((partition) => ({ topic, partition })));
      this.committed.clear();
      for (const [k, v] of assigned.committed) this.committed.set(k, v);
      const starts = await this.startOffsets(tps, assigned.committed);
      this.fetcher = this.newFetcher();
      this.fetcher.assign(starts);
      if (this.o.untilEnd && this.allCaughtUp()) {
        this.stop('end');
        return;
      }
      this.touchIdle();
      const rebalanced = new Promise<void>((r) => (rebalance = r));
      // a heartbeat may have learnt of a new rebalance while the start offsets were looked up
      if (member.needsRejoin) rebalance();
      const autoCommit = s.autoCommit ? setInterval(() => void this.commit(false), s.autoCommitIntervalMs) : undefined;
      try {
        await Promise.race([this.fetcher.run(this.sink()), this.done, rebalanced]);
      } finally {
        if (autoCommit) clearInterval(autoCommit);
      }
      this.fetcher.stop();
      if (s.autoCommit) await this.commit(true);
      if (this.stopReason) return;
    }
  }

  /** Commits what was handed to the output (each partition's position), where it moved. */
  private async commit(final: boolean): Promise<void> {
    if (!this.member || !this.fetcher) return;
    const offsets = this.fetcher
      .assigned()
      .filter((p) => this.committed.get(tpKey(p.topic, p.partition)) !== p.position)
      .map((p) => ({ topic: p.topic, partition: p.partition, offset: p.position }));
    if (offsets.length === 0) return;
    try {
      await this.member.commit(offsets, Date.now() + (final ? 30_000 : 10_000));
      for (const o of offsets) this.committed.set(tpKey(o.topic, o.partition), o.offset);
    } catch (err) {
      if (final) this.o.onWarning?.(`could not commit offsets of group '${this.o.group}': ${(err as Error).message}`);
    }
  }

  // ------------------------------------------------------------ shared

  private newFetcher(): Fetcher {
    const s = this.o.settings;
    return new Fetcher(this.o.client, {
      isolationLevel: this.o.readCommitted ? 1 : 0,
      maxWaitMs: s.maxWaitMs,
      minBytes: s.minBytes,
      maxBytes: s.maxBytes,
      partitionMaxBytes: s.partitionMaxBytes,
      resetPolicy: this.o.defaultStart.kind === 'start' ? 'earliest' : 'latest',
      onWarning: this.o.onWarning,
    });
  }

  /** Start offsets: --tail, the plan, a committed offset, or the default; and the -e end offsets. */
  private async startOffsets(tps: TopicPartition[], committed: Map<string, number>): Promise<(TopicPartition & { offset: number })[]> {
    const { client } = this.o;
    const topics = [...new Set(tps.map((t) => t.topic))];
    if (topics.length === 0) return [];
    const marks = await watermarks(client, topics);
    const needTime = new Map<string, number>();
    for (const tp of tps) {
      const spec = this.o.plan ? specFor(this.o.plan, tp.partition, this.o.defaultStart) : undefined;
      if (spec?.kind === 'time') needTime.set(tpKey(tp.topic, tp.partition), spec.ms);
    }
    const byTime = new Map<string, bigint>();
    if (needTime.size > 0) {
      const found = await listOffsets(
        client,
        [...needTime].map(([k, ms]) => {
          const [topic, p] = k.split('\u0000');
          return { topic: topic!, partition: Number(p), timestamp: BigInt(ms) };
        }),
      );
      for (const f of found) byTime.set(tpKey(f.topic, f.partition), f.errorCode === 0 ? f.offset : -1n);
    }
    let ends = marks;
    if (this.o.readCommitted && (this.o.untilEnd || this.o.tail !== undefined)) {
      // reading committed, the end is the last stable offset
      const lso = await listOffsets(
        client,
        tps.map((t) => ({ ...t, timestamp: -1n })),
        { isolation: 'read_committed' },
      );
      ends = new Map(marks);
      for (const l of lso)
        if (l.errorCode === 0) ends.set(tpKey(l.topic, l.partition), { low: marks.get(tpKey(l.topic, l.partition))?.low ?? 0n, high: l.offset });
    }
    const out: (TopicPartition & { offset: number })[] = [];
    for (const tp of tps) {
      const k = tpKey(tp.topic, tp.partition);
      const w = marks.get(k) ?? { low: 0n, high: 0n };
      const end = Number(ends.get(k)?.high ?? w.high);
      let offset: number;
      if (this.o.tail !== undefined) offset = Math.max(Number(w.low), end - this.o.tail);
      else if (this.o.plan) offset = Number(resolveOffset(specFor(this.o.plan, tp.partition, this.o.defaultStart), w.low, w.high, byTime.get(k)));
      else if (committed.has(k)) offset = committed.get(k)!;
      else offset = Number(this.o.defaultStart.kind === 'start' ? w.low : w.high);
      out.push({ ...tp, offset });
      if (this.o.untilEnd || this.o.tail !== undefined) {
        this.endOffsets.set(k, end);
        if (offset >= end) this.caughtUp.add(k);
        else this.caughtUp.delete(k);
      }
    }
    return out;
  }

  private sink() {
    const until = this.o.untilEnd || this.o.tail !== undefined;
    // --timeout-ms counts time without records: an empty fetch answer does not restart it
    let delivered = false;
    return {
      record: (topic: string, partition: number, c: RecordCursor): boolean => {
        if (this.stopReason) return false;
        delivered = true;
        if (this.o.tail !== undefined) {
          this.tailBuffer.push(consumedRecord(topic, partition, c));
          if (this.tailBuffer.length > this.o.tail * 4 + 1000) this.trimTail();
        } else {
          try {
            this.o.output.record(topic, partition, c);
          } catch (err) {
            const e = err as Error;
            if (!this.o.skipOnError?.(e, topic, partition, c.offset)) {
              this.stop('error', Object.assign(new Error(`${e.message} (partition ${partition} offset ${c.offset})`), { name: e.name }));
              return false;
            }
          }
          if (this.o.output.isClosed) {
            this.stop('output-closed');
            return false;
          }
          this.processed++;
          if (this.o.maxMessages !== undefined && this.processed >= this.o.maxMessages) {
            this.stop('max-messages');
            return false;
          }
        }
        return true;
      },
      flushed: (): Promise<void> | undefined => {
        if (delivered) this.touchIdle();
        delivered = false;
        if (until && this.fetcher) {
          for (const p of this.fetcher.assigned()) {
            const k = tpKey(p.topic, p.partition);
            if (p.position >= (this.endOffsets.get(k) ?? Number.POSITIVE_INFINITY)) this.caughtUp.add(k);
          }
          if (this.allCaughtUp()) this.stop('end');
        }
        return this.o.output.backPressure();
      },
    };
  }

  private allCaughtUp(): boolean {
    if (!(this.o.untilEnd || this.o.tail !== undefined) || !this.fetcher) return false;
    return this.fetcher.assigned().every((p) => this.caughtUp.has(tpKey(p.topic, p.partition)));
  }

  private touchIdle(): void {
    if (this.o.idleTimeoutMs === undefined || this.o.idleTimeoutMs < 0) return;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.stop('idle'), this.o.idleTimeoutMs);
  }

  private trimTail(): void {
    const n = this.o.tail!;
    this.tailBuffer.sort(byTime);
    this.tailBuffer = this.tailBuffer.slice(Math.max(0, this.tailBuffer.length - n));
  }

  private async finish(): Promise<RunResult> {
    const reason = this.stopReason ?? 'error';
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.fetcher?.stop();
    if (this.member) {
      if (this.o.settings.autoCommit && reason !== 'error') await this.commit(true);
      await this.member.leave();
    }
    if (this.o.tail !== undefined && reason !== 'error') {
      this.trimTail();
      for (const r of this.tailBuffer) {
        if (this.o.output.isClosed) break;
        this.o.output.recordObject(r);
        this.processed++;
      }
    }
    return { processed: this.processed, reason, error: this.stopError };
  }
}

function byTime(a: ConsumedRecord, b: ConsumedRecord): number {
  const d = Number(a.timestamp) - Number(b.timestamp);
  if (d !== 0) return d;
  if (a.partition !== b.partition) return a.partition - b.partition;
  return Number(a.offset) - Number(b.offset);
}
