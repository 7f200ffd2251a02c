/**
 * ElectLeaders and WriteTxnMarkers, our own encoding, against the bytes Kafka's own message
 * classes write for the same data (ElectLeadersRequestData & co. of kafka-clients 3.9.2,
 * serialised with Java 17 and recorded here).
 */
import { describe, expect, it } from 'vitest';
import { decodeAlterPartitionReassignmentsResponse, encodeAlterPartitionReassignmentsRequest } from '../../../src/protocol/alter-partition-reassignments.js';
import { decodeElectLeadersResponse, encodeElectLeadersRequest, ElectionType } from '../../../src/protocol/elect-leaders.js';
import { decodeWriteTxnMarkersResponse, encodeWriteTxnMarkersRequest } from '../../../src/protocol/write-txn-markers.js';

const hex = (w: { buffer: Buffer }) => w.buffer.toString('hex');

const KAFKA = {
  req: [
    '0000000100066f726465727300000002000000000000000200007530',
    '010000000100066f726465727300000002000000000000000200007530',
    '0102076f7264657273030000000000000002000000753000',
  ],
  reqAll: ['ffffffff000003e8', '00ffffffff000003e8', '0000000003e800'],
  resp: [
    '000000000000000100066f726465727300000002000000000000ffff000000020054002f4c656164657220656c656374696f6e206e6f74206e656564656420666f7220746f70696320706172746974696f6e2e',
    '0000000000000000000100066f726465727300000002000000000000ffff000000020054002f4c656164657220656c656374696f6e206e6f74206e656564656420666f7220746f70696320706172746974696f6e2e',
    '00000000000002076f7264657273030000000000000000000000020054304c656164657220656c656374696f6e206e6f74206e656564656420666f7220746f70696320706172746974696f6e2e000000',
  ],
};

describe('ElectLeaders (key 43)', () => {
  for (const v of [0, 1, 2]) {
    it(`v${v} request bytes are Kafka's`, () => {
      const type = v === 0 ? ElectionType.PREFERRED : ElectionType.UNCLEAN;
      expect(hex(encodeElectLeadersRequest({ electionType: type, partitions: [{ topic: 'orders', partitions: [0, 2] }], timeoutMs: 30000 }, v))).toBe(
        KAFKA.req[v],
      );
      expect(hex(encodeElectLeadersRequest({ electionType: ElectionType.PREFERRED, partitions: null, timeoutMs: 1000 }, v))).toBe(KAFKA.reqAll[v]);
    });
    it(`v${v} response decodes`, () => {
      const r = decodeElectLeadersResponse(Buffer.from(KAFKA.resp[v]!, 'hex'), v);
      expect(r.errorCode).toBe(0);
      expect(r.results).toEqual([
        { topic: 'orders', partition: 0, errorCode: 0, errorMessage: null },
        { topic: 'orders', partition: 2, errorCode: 84, errorMessage: 'Leader election not needed for topic partition.' },
      ]);
    });
  }
});

describe('WriteTxnMarkers (key 27)', () => {
  const marker = { producerId: 4000n, producerEpoch: 3, commit: false, topics: [{ topic: 't', partitions: [1] }], coordinatorEpoch: 7 };
  it("v0 and v1 request bytes are Kafka's", () => {
    expect(hex(encodeWriteTxnMarkersRequest([marker], 0))).toBe('000000010000000000000fa000030000000001000174000000010000000100000007');
    expect(hex(encodeWriteTxnMarkersRequest([marker], 1))).toBe('020000000000000fa0000300020274020000000100000000070000');
  });
  it('v0 and v1 responses decode', () => {
    const expected = [{ producerId: 4000n, topic: 't', partition: 1, errorCode: 0 }];
    expect(decodeWriteTxnMarkersResponse(Buffer.from('000000010000000000000fa00000000100017400000001000000010000', 'hex'), 0)).toEqual(expected);
    expect(decodeWriteTxnMarkersResponse(Buffer.from('020000000000000fa00202740200000001000000000000', 'hex'), 1)).toEqual(expected);
  });
});

describe('AlterPartitionReassignments (key 45): ours, as the library misreads v1 answers', () => {
  const req = {
    timeoutMs: 30000,
    allowReplicationFactorChange: false,
    topics: [
      {
        topic: 'alpha',
        partitions: [
          { partition: 0, replicas: [2, 3] },
          { partition: 1, replicas: null },
        ],
      },
    ],
  };
  // AlterPartitionReassignmentsRequestData / ResponseData of kafka-clients 4.1.2
  it("request bytes are Kafka's (v0, v1 with allow_replication_factor_change=false; null replicas cancel)", () => {
    expect(hex(encodeAlterPartitionReassignmentsRequest(req, 0))).toBe('000075300206616c7068610300000000030000000200000003000000000100000000');
    expect(hex(encodeAlterPartitionReassignmentsRequest(req, 1))).toBe('00007530000206616c7068610300000000030000000200000003000000000100000000');
  });
  it('responses decode, v1 with its allow_replication_factor_change field', () => {
    const partitions = [
      { topic: 'alpha', partition: 0, errorCode: 0, errorMessage: null },
      { topic: 'alpha', partition: 1, errorCode: 85, errorMessage: 'No reassignment in progress' },
    ];
    const v0 = '000000000000000206616c7068610300000000000000000000000100551c4e6f20726561737369676e6d656e7420696e2070726f6772657373000000';
    const v1 = '00000000010000000206616c7068610300000000000000000000000100551c4e6f20726561737369676e6d656e7420696e2070726f6772657373000000';
    expect(decodeAlterPartitionReassignmentsResponse(Buffer.from(v0, 'hex'), 0)).toMatchObject({ errorCode: 0, partitions });
    expect(decodeAlterPartitionReassignmentsResponse(Buffer.from(v1, 'hex'), 1)).toMatchObject({
      errorCode: 0,
      allowReplicationFactorChange: true,
      partitions,
    });
  });
});
