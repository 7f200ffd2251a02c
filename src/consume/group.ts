/**
 * Membership of a classic consumer group, as Kafka's Java consumer does it: find the
 * coordinator, JoinGroup (offering `range` and `roundrobin`), the leader computes the
 * assignment, SyncGroup, heartbeats, committed offsets fetched at each assignment and
 * committed from what was actually processed, LeaveGroup on close. A coordinator that moves or
 * dies is found again and the commit retried, so committed offsets survive a coordinator
 * failover; a rebalance commits first, then rejoins.
 */
import { heartbeatV4, joinGroupV6, joinGroupV7, joinGroupV8, joinGroupV9, leaveGroupV4, leaveGroupV5, syncGroupV4, syncGroupV5 } from '@platformatic/kafka';
import { commitOffsets, fetchCommittedOffsets } from '../client/admin.js';
import { BrokerError, isRetriable } from '../client/errors.js';
import type { KafkaClient } from '../client/kafka-client.js';
import { ASSIGNORS } from './assignors.js';
import { decodeAssignment, decodeSubscription, encodeAssignment, encodeSubscription, type PartitionAssignment } from './consumer-protocol.js';

export interface GroupOptions {
  groupId: string;
  topics: string[];
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  heartbeatIntervalMs: number;
  /** assignor names in preference order */
  assignors: string[];
  groupInstanceId?: string;
  retryBackoffMs: number;
}

export interface Assigned {
  generationId: number;
  assignment: PartitionAssignment;
  /** committed offsets of the assigned partitions (those that have one) */
  committed: Map<string, number>;
}

/** What membership needs of the client (a fake in unit tests). */
export type GroupClient = Pick<KafkaClient, 'call' | 'metadata' | 'forgetCoordinator'>;

const tp = (t: string, p: number) => `${t}\u0000${p}`;

/** Error names that mean "join again". */
const REJOIN = new Set(['REBALANCE_IN_PROGRESS', 'UNKNOWN_MEMBER_ID', 'ILLEGAL_GENERATION', 'FENCED_INSTANCE_ID']);
const COORDINATOR_MOVED = new Set(['NOT_COORDINATOR', 'COORDINATOR_NOT_AVAILABLE', 'COORDINATOR_LOAD_IN_PROGRESS']);

export class GroupMember {
  memberId = '';
  generationId = -1;
  protocol = '';
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private rejoinNeeded = false;
  private closed = false;
  private onRebalance: (() => void) | undefined;

  constructor(
    private readonly client: GroupClient,
    private readonly o: GroupOptions,
  ) {}

  get target(): { group: string } {
    return { group: this.o.groupId };
  }

  /** Called when a heartbeat or a commit learns that the group is rebalancing (the consumer commits, then rejoins). */
  whenRebalancing(cb: () => void): void {
    this.onRebalance = cb;
  }

  get needsRejoin(): boolean {
    return this.rejoinNeeded;
  }

  /** Joins (or rejoins) the group and returns this member's partitions. */
  async join(deadline: number): Promise<Assigned> {
    this.stopHeartbeat();
    for (let wait = this.o.retryBackoffMs; ; wait = Math.min(wait * 2, 1000)) {
      try {
        const result = await this.joinOnce();
        this.rejoinNeeded = false;
        this.startHeartbeat();
        return result;
      } catch (err) {
        const name = err instanceof BrokerError ? err.type : '';
        if (name === 'UNKNOWN_MEMBER_ID' || name === 'FENCED_INSTANCE_ID') this.memberId = '';
        if (COORDINATOR_MOVED.has(name) || !(err instanceof BrokerError)) this.client.forgetCoordinator(this.target);
        const again = REJOIN.has(name) || name === 'MEMBER_ID_REQUIRED' || isRetriable(err);
        if (!again || this.closed || Date.now() + wait > deadline) throw err;
        await sleep(wait);
      }
    }
  }

  private async joinOnce(): Promise<Assigned> {
    const metadata = encodeSubscription(this.o.topics);
    const protocols = this.o.assignors.map((name) => ({ name, metadata }));
    let join = await this.client.call(
      this.target,
      [joinGroupV6, joinGroupV7, joinGroupV8, joinGroupV9],
      [this.o.groupId, this.o.sessionTimeoutMs, this.o.rebalanceTimeoutMs, this.memberId, this.o.groupInstanceId ?? null, 'consumer', protocols, null],
      { lenient: true },
    );
    if (join.errorCode === 79 /* MEMBER_ID_REQUIRED */) {
      this.memberId = join.memberId ?? '';
      join = await this.client.call(
        this.target,
        [joinGroupV6, joinGroupV7, joinGroupV8, joinGroupV9],
        [this.o.groupId, this.o.sessionTimeoutMs, this.o.rebalanceTimeoutMs, this.memberId, this.o.groupInstanceId ?? null, 'consumer', protocols, null],
        { lenient: true },
      );
    }
    if (join.errorCode !== 0) throw new BrokerError(join.errorCode, null, this.o.groupId);
    this.memberId = join.memberId ?? this.memberId;
    this.generationId = join.generationId;
    this.protocol = join.protocolName ?? this.o.assignors[0]!;
    let assignments: { memberId: string; assignment: Buffer }[] = [];
    if (join.leader === this.memberId && !join.skipAssignment)
      assignments = await this.assign(join.members.map((m) => ({ memberId: m.memberId, metadata: m.metadata })));
    const sync = await this.client.call(
      this.target,
      [syncGroupV4, syncGroupV5],
      [this.o.groupId, this.generationId, this.memberId, this.o.groupInstanceId ?? null, 'consumer', this.protocol, assignments],
      { lenient: true },
    );
    if (sync.errorCode !== 0) throw new BrokerError(sync.errorCode, null, this.o.groupId);
    const assignment = decodeAssignment(sync.assignment);
    const committed = new Map<string, number>();
    if (assignment.size > 0) {
      const offsets = await fetchCommittedOffsets(
        this.client,
        this.o.groupId,
        [...assignment].map(([topic, partitions]) => ({ topic, partitions })),
      );
      for (const o of offsets) committed.set(tp(o.topic, o.partition), Number(o.offset));
    }
    return { generationId: this.generationId, assignment, committed };
  }

  /** The leader's work: every member's partitions, by the agreed assignor. */
  private async assign(members: { memberId: string; metadata: Buffer | null }[]): Promise<{ memberId: string; assignment: Buffer }[]> {
    const subs = members.map((m) => ({ memberId: m.memberId, topics: decodeSubscription(m.metadata).topics }));
    const topics = [...new Set(subs.flatMap((s) => s.topics))];
    const meta = await this.client.metadata(topics);
    const counts = new Map<string, number>();
    for (const t of meta.topics) if (t.errorCode === 0) counts.set(t.name, t.partitions.length);
    const algorithm = ASSIGNORS[this.protocol] ?? ASSIGNORS.range!;
    const result = algorithm(subs, counts);
    return members.map((m) => ({ memberId: m.memberId, assignment: encodeAssignment(result.get(m.memberId) ?? new Map()) }));
  }

  /** Commits processed positions (next offset to read) with this member's generation. */
  async commit(offsets: { topic: string; partition: number; offset: number }[], deadline: number): Promise<void> {
    if (offsets.length === 0) return;
    for (let wait = this.o.retryBackoffMs; ; wait = Math.min(wait * 2, 1000)) {
      try {
        await commitOffsets(
          this.client,
          this.o.groupId,
          offsets.map((o) => ({ topic: o.topic, partition: o.partition, offset: BigInt(o.offset) })),
          { generationId: this.generationId, memberId: this.memberId, groupInstanceId: this.o.groupInstanceId ?? null },
        );
        return;
      } catch (err) {
        const name = err instanceof BrokerError ? err.type : '';
        if (REJOIN.has(name)) {
          // the group moved on: these partitions may be someone else's now; the next
          // owner starts from the last commit that succeeded, so nothing is skipped
          this.rebalancing();
          throw err;
        }
        if (COORDINATOR_MOVED.has(name) || !(err instanceof BrokerError)) this.client.forgetCoordinator(this.target);
        if (!isRetriable(err) || Date.now() + wait > deadline) throw err;
        await sleep(wait);
      }
    }
  }

  async leave(): Promise<void> {
    this.closed = true;
    this.stopHeartbeat();
    if (!this.memberId) return;
    try {
      await this.client.call(
        this.target,
        [leaveGroupV4, leaveGroupV5],
        [this.o.groupId, [{ memberId: this.memberId, groupInstanceId: this.o.groupInstanceId ?? null }]],
        {
          lenient: true,
        },
      );
    } catch {
      /* the session timeout removes us anyway */
    }
  }

  /**
   * The group is rebalancing, learnt from a heartbeat or a commit, whichever came first: the
   * heartbeats stop, so the consumer must be told too, or it would go on fetching partitions
   * the group has given to someone else while nobody reads the ones it should take over.
   */
  private rebalancing(): void {
    this.rejoinNeeded = true;
    this.onRebalance?.();
  }

  private startHeartbeat(): void {
    this.stopHeartbeat();
    const beat = async () => {
      if (this.closed) return;
      try {
        const r = await this.client.call(this.target, [heartbeatV4], [this.o.groupId, this.generationId, this.memberId, this.o.groupInstanceId ?? null], {
          lenient: true,
        });
        if (r.errorCode !== 0) throw new BrokerError(r.errorCode, null, this.o.groupId);
      } catch (err) {
        const name = err instanceof BrokerError ? err.type : '';
        if (REJOIN.has(name)) {
          if (name === 'UNKNOWN_MEMBER_ID' || name === 'FENCED_INSTANCE_ID') this.memberId = '';
          this.rebalancing();
          return;
        }
        if (COORDINATOR_MOVED.has(name) || !(err instanceof BrokerError)) this.client.forgetCoordinator(this.target);
      }
      if (!this.closed && !this.rejoinNeeded) this.heartbeatTimer = setTimeout(beat, this.o.heartbeatIntervalMs);
    };
    this.heartbeatTimer = setTimeout(beat, this.o.heartbeatIntervalMs);
  }

  private stopHeartbeat(): void {
    if (this.heartbeatTimer) clearTimeout(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
