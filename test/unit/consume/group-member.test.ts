import { heartbeatV4, joinGroupV6, offsetCommitV8, syncGroupV4 } from '@platformatic/kafka';
import { describe, expect, it } from 'vitest';
import { encodeAssignment, encodeSubscription } from '../../../src/consume/consumer-protocol.js';
import { type GroupClient, GroupMember } from '../../../src/consume/group.js';

const REBALANCE_IN_PROGRESS = 27;

/** A coordinator that lets one member join alone, then answers heartbeats and commits with the codes given. */
function fakeCoordinator(codes: { heartbeat: number; commit: number }) {
  const seen: string[] = [];
  const answer = (api: unknown): unknown => {
    if (api === joinGroupV6) {
      seen.push('join');
      const metadata = encodeSubscription(['t']);
      return {
        errorCode: 0,
        memberId: 'm1',
        generationId: 1,
        leader: 'm1',
        protocolName: 'range',
        skipAssignment: false,
        members: [{ memberId: 'm1', metadata }],
      };
    }
    if (api === syncGroupV4) return { errorCode: 0, assignment: encodeAssignment(new Map()) };
    if (api === heartbeatV4) {
      seen.push('heartbeat');
      return { errorCode: codes.heartbeat };
    }
    if (api === offsetCommitV8) {
      seen.push('commit');
      return { topics: [{ name: 't', partitions: [{ partitionIndex: 0, errorCode: codes.commit }] }] };
    }
    throw new Error(`unexpected request ${String(api)}`);
  };
  const client: GroupClient = {
    // the fake answers by API; the member reads only the fields it needs
    call: async (_target, family) => answer(family[0]) as never,
    metadata: async () => ({ clusterId: 'c', controllerId: 0, brokers: new Map(), topics: [] }) as never,
    forgetCoordinator: () => {},
  };
  return { client, seen };
}

const options = {
  groupId: 'g',
  topics: ['t'],
  sessionTimeoutMs: 10_000,
  rebalanceTimeoutMs: 10_000,
  heartbeatIntervalMs: 20,
  assignors: ['range'],
  retryBackoffMs: 1,
};

describe('GroupMember learns of a rebalance', () => {
  it('from a commit refused with REBALANCE_IN_PROGRESS: the consumer is told, not only the heartbeat loop stopped', async () => {
    const { client } = fakeCoordinator({ heartbeat: 0, commit: REBALANCE_IN_PROGRESS });
    const member = new GroupMember(client, { ...options, heartbeatIntervalMs: 60_000 });
    let told = 0;
    member.whenRebalancing(() => told++);
    await member.join(Date.now() + 1000);
    await expect(member.commit([{ topic: 't', partition: 0, offset: 5 }], Date.now() + 1000)).rejects.toThrow();
    expect(member.needsRejoin).toBe(true);
    expect(told).toBe(1);
    await member.leave();
  });

  it('from a heartbeat: the consumer is told and the heartbeats stop until it joins again', async () => {
    const { client, seen } = fakeCoordinator({ heartbeat: REBALANCE_IN_PROGRESS, commit: 0 });
    const member = new GroupMember(client, options);
    let told = 0;
    member.whenRebalancing(() => told++);
    await member.join(Date.now() + 1000);
    await new Promise((r) => setTimeout(r, 150));
    expect(told).toBe(1);
    expect(seen.filter((s) => s === 'heartbeat')).toHaveLength(1);
    await member.leave();
  });
});
