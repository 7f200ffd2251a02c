/**
 * AlterPartitionReassignments (API key 45, versions 0-1, both flexible). Ours because
 * @platformatic/kafka 1.35.0 reads version 1 responses without the allow_replication_factor_change
 * field Kafka 4.1 sends (KIP-860), and so misreads every answer of a 4.1 broker.
 */
import { Writer } from '@platformatic/kafka';
import { WireReader } from './wire.js';

export const ALTER_PARTITION_REASSIGNMENTS_API_KEY = 45;
export const ALTER_PARTITION_REASSIGNMENTS_VERSIONS = { minVersion: 0, maxVersion: 1 };

export interface ReassignmentTarget {
  topic: string;
  partition: number;
  /** null cancels the partition's reassignment */
  replicas: number[] | null;
}

export function encodeAlterPartitionReassignmentsRequest(
  req: {
    timeoutMs: number;
    allowReplicationFactorChange: boolean;
    topics: { topic: string; partitions: { partition: number; replicas: number[] | null }[] }[];
  },
  version: number,
): Writer {
  const w = Writer.create();
  w.appendInt32(req.timeoutMs);
  if (version >= 1) w.appendBoolean(req.allowReplicationFactorChange);
  w.appendUnsignedVarInt(req.topics.length + 1);
  for (const t of req.topics) {
    w.appendString(t.topic, true);
    w.appendUnsignedVarInt(t.partitions.length + 1);
    for (const p of t.partitions) {
      w.appendInt32(p.partition);
      if (p.replicas === null) w.appendUnsignedVarInt(0);
      else {
        w.appendUnsignedVarInt(p.replicas.length + 1);
        for (const r of p.replicas) w.appendInt32(r);
      }
      w.appendUnsignedVarInt(0);
    }
    w.appendUnsignedVarInt(0);
  }
  w.appendUnsignedVarInt(0);
  return w;
}

export interface AlterPartitionReassignmentsResponse {
  throttleTimeMs: number;
  allowReplicationFactorChange: boolean;
  errorCode: number;
  errorMessage: string | null;
  partitions: { topic: string; partition: number; errorCode: number; errorMessage: string | null }[];
}

export function decodeAlterPartitionReassignmentsResponse(buf: Buffer, version: number): AlterPartitionReassignmentsResponse {
  const r = new WireReader(buf);
  const throttleTimeMs = r.int32();
  const allowReplicationFactorChange = version >= 1 ? r.int8() !== 0 : true;
  const errorCode = r.int16();
  const errorMessage = r.compactString();
  const partitions: AlterPartitionReassignmentsResponse['partitions'] = [];
  for (let nt = r.compactArrayLength(), i = 0; i < nt; i++) {
    const topic = r.compactString() ?? '';
    for (let np = r.compactArrayLength(), j = 0; j < np; j++) {
      const partition = r.int32();
      const code = r.int16();
      const message = r.compactString();
      r.skipTags();
      partitions.push({ topic, partition, errorCode: code, errorMessage: message });
    }
    r.skipTags();
  }
  r.skipTags();
  return { throttleTimeMs, allowReplicationFactorChange, errorCode, errorMessage, partitions };
}
