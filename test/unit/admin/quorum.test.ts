import { describe, expect, it } from 'vitest';
import {
  brokerMajor,
  featureUpdateLine,
  featuresText,
  metadataVersionLevel,
  metadataVersionName,
  parseFeatureLevel,
  prettyTable,
  quorumStatus,
  REPLICATION_HEAD,
  replicationCells,
  replicationRows,
  statusText,
} from '../../../src/admin/quorum.js';
import type { FeatureMetadata, QuorumInfo } from '../../../src/client/admin-cluster.js';

const ZERO = 'AAAAAAAAAAAAAAAAAAAAAA';
const oneNode: QuorumInfo = {
  leaderId: 1,
  leaderEpoch: 1,
  highWatermark: 632n,
  voters: [{ replicaId: 1, directoryId: ZERO, logEndOffset: 634n, lastFetchTimestamp: 1795642351967n, lastCaughtUpTimestamp: 1795642351967n }],
  observers: [],
  endpoints: new Map([[1, ['CONTROLLER://127.0.0.1:41392']]]),
};

describe('kafka-metadata-quorum text', () => {
  it('--status as Kafka 3.9 (directoryId null) and 4.x (left out) print it', () => {
    const head =
      'ClusterId:              pnl3yU2GP_Y9QldK2u9l-w\nLeaderId:               1\nLeaderEpoch:            1\nHighWatermark:          632\nMaxFollowerLag:         0\nMaxFollowerLagTimeMs:   0\n';
    expect(statusText('pnl3yU2GP_Y9QldK2u9l-w', oneNode, 3)).toBe(
      `${head}CurrentVoters:          [{"id": 1, "directoryId": null, "endpoints": ["CONTROLLER://127.0.0.1:41392"]}]\nCurrentObservers:       []\n`,
    );
    expect(statusText('pnl3yU2GP_Y9QldK2u9l-w', oneNode, 4)).toBe(
      `${head}CurrentVoters:          [{"id": 1, "endpoints": ["CONTROLLER://127.0.0.1:41392"]}]\nCurrentObservers:       []\n`,
    );
  });

  it('lag: the first voter furthest behind; lag time from last caught-up times, -1 when unknown', () => {
    const q: QuorumInfo = {
      ...oneNode,
      voters: [
        { replicaId: 1, directoryId: 'abc', logEndOffset: 100n, lastFetchTimestamp: 10n, lastCaughtUpTimestamp: 1000n },
        { replicaId: 2, directoryId: ZERO, logEndOffset: 90n, lastFetchTimestamp: 9n, lastCaughtUpTimestamp: 700n },
        { replicaId: 3, directoryId: ZERO, logEndOffset: 90n, lastFetchTimestamp: -1n, lastCaughtUpTimestamp: -1n },
      ],
      observers: [{ replicaId: 4, directoryId: ZERO, logEndOffset: 95n, lastFetchTimestamp: 5n, lastCaughtUpTimestamp: 5n }],
    };
    expect(quorumStatus('c', q)).toMatchObject({ maxFollowerLag: 10n, maxFollowerLagTimeMs: 300n });
    expect(quorumStatus('c', { ...q, voters: [q.voters[0]!, q.voters[2]!] }).maxFollowerLagTimeMs).toBe(-1n);
    expect(statusText('c', q, 4)).toContain(
      'CurrentVoters:          [{"id": 1, "directoryId": "abc", "endpoints": ["CONTROLLER://127.0.0.1:41392"]}, {"id": 2}, {"id": 3}]',
    );
    const rows = replicationRows(q);
    expect(rows.map((r) => [r.nodeId, r.status, String(r.lag)])).toEqual([
      [1, 'Leader', '0'],
      [2, 'Follower', '10'],
      [3, 'Follower', '10'],
      [4, 'Observer', '5'],
    ]);
    expect(rows[2]!.lastFetchTimestamp).toBe('-1');
    expect(replicationRows(q, true, 1010)[0]!.lastFetchTimestamp).toBe('1000 ms ago');
  });

  it('--replication: columns padded to the widest cell, a tab after each', () => {
    expect(prettyTable(REPLICATION_HEAD, replicationRows(oneNode).map(replicationCells))).toBe(
      'NodeId\tDirectoryId           \tLogEndOffset\tLag\tLastFetchTimestamp\tLastCaughtUpTimestamp\tStatus\t\n' +
        '1     \tAAAAAAAAAAAAAAAAAAAAAA\t634         \t0  \t1795642351967     \t1795642351967        \tLeader\t\n',
    );
  });
});

describe('kafka-features text', () => {
  const f: FeatureMetadata = {
    supported: new Map([
      ['metadata.version', { minVersion: 7, maxVersion: 27 }],
      ['kraft.version', { minVersion: 0, maxVersion: 1 }],
      ['group.version', { minVersion: 0, maxVersion: 1 }],
    ]),
    finalized: new Map([
      ['metadata.version', { minVersionLevel: 27, maxVersionLevel: 27 }],
      ['group.version', { minVersionLevel: 1, maxVersionLevel: 1 }],
    ]),
    finalizedEpoch: 636n,
  };
  it('describe: features by name, metadata.version by its release name, 0 when not finalized', () => {
    expect(featuresText(f)).toBe(
      'Feature: group.version\tSupportedMinVersion: 0\tSupportedMaxVersion: 1\tFinalizedVersionLevel: 1\tEpoch: 636\n' +
        'Feature: kraft.version\tSupportedMinVersion: 0\tSupportedMaxVersion: 1\tFinalizedVersionLevel: 0\tEpoch: 636\n' +
        'Feature: metadata.version\tSupportedMinVersion: 3.3-IV3\tSupportedMaxVersion: 4.1-IV1\tFinalizedVersionLevel: 4.1-IV1\tEpoch: 636\n',
    );
    expect(featuresText({ ...f, finalizedEpoch: -1n })).toContain('\tEpoch: -\n');
    expect(brokerMajor(f)).toBe(4);
    expect(brokerMajor({ ...f, supported: new Map([['metadata.version', { minVersion: 1, maxVersion: 21 }]]) })).toBe(3);
  });

  it('metadata versions by name and release; feature=level parsing and result lines as FeatureCommand', () => {
    expect(metadataVersionName(21)).toBe('3.9-IV0');
    expect(metadataVersionName(99)).toBe('UNKNOWN 99');
    expect(metadataVersionLevel('3.9-IV0')).toBe(21);
    expect(metadataVersionLevel('3.3')).toBe(7);
    expect(metadataVersionLevel('2.8')).toBeUndefined();
    expect(parseFeatureLevel('group.version=1')).toEqual({ feature: 'group.version', level: 1 });
    expect(() => parseFeatureLevel('group.version')).toThrow("Can't parse feature=level string group.version: equals sign not found.");
    expect(() => parseFeatureLevel('group.version=x')).toThrow("Can't parse feature=level string group.version=x: unable to parse x as a short.");
    expect(parseFeatureLevel('group.version', true)).toEqual({ feature: 'group.version', level: 0 });
    expect(featureUpdateLine('upgrade', 'share.version', 1, true, null)).toBe('share.version can be upgraded to 1.');
    expect(featureUpdateLine('downgrade', 'transaction.version', 1, false, null)).toBe('transaction.version was downgraded to 1.');
    expect(featureUpdateLine('disable', 'group.version', 0, false, null)).toBe('group.version was disabled.');
    expect(featureUpdateLine('upgrade', 'kraft.version', 5, false, 'Invalid update version 5')).toBe(
      'Could not upgrade kraft.version to 5. Invalid update version 5',
    );
  });
});
