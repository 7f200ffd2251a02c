/**
 * ElectLeaders (API key 43, versions 0-2; 2 is flexible), which @platformatic/kafka does not
 * have: what kafka-leader-election sends to the controller. Version 0 knows only preferred
 * elections; 1 adds the election type and a top-level error code.
 */
import { Writer } from '@platformatic/kafka';
import { WireReader } from './wire.js';

export const ELECT_LEADERS_API_KEY = 43;
export const ELECT_LEADERS_VERSIONS = { minVersion: 0, maxVersion: 2 };

/** Kafka's ElectionType ids. */
export const ElectionType = { PREFERRED: 0, UNCLEAN: 1 } as const;
export type ElectionTypeId = (typeof ElectionType)[keyof typeof ElectionType];

export const electLeadersFlexible = (version: number) => version >= 2;

export interface ElectLeadersRequest {
  electionType: ElectionTypeId;
  /** null: every partition the election type applies to */
  partitions: { topic: string; partitions: number[] }[] | null;
  timeoutMs: number;
}

export function encodeElectLeadersRequest(req: ElectLeadersRequest, version: number): Writer {
  const flex = electLeadersFlexible(version);
  const w = Writer.create();
  if (version >= 1) w.appendInt8(req.electionType);
  const arrayLength = (n: number | null) => (flex ? w.appendUnsignedVarInt(n === null ? 0 : n + 1) : w.appendInt32(n === null ? -1 : n));
  arrayLength(req.partitions === null ? null : req.partitions.length);
  for (const t of req.partitions ?? []) {
    w.appendString(t.topic, flex);
    arrayLength(t.partitions.length);
    for (const p of t.partitions) w.appendInt32(p);
    if (flex) w.appendUnsignedVarInt(0);
  }
  w.appendInt32(req.timeoutMs);
  if (flex) w.appendUnsignedVarInt(0);
  return w;
}

export interface ElectLeadersPartitionResult {
  topic: string;
  partition: number;
  errorCode: number;
  errorMessage: string | null;
}

export interface ElectLeadersResponse {
  throttleTimeMs: number;
  errorCode: number;
  results: ElectLeadersPartitionResult[];
}

export function decodeElectLeadersResponse(buf: Buffer, version: number): ElectLeadersResponse {
  const flex = electLeadersFlexible(version);
  const r = new WireReader(buf);
  const str = () => (flex ? r.compactString() : r.string());
  const len = () => (flex ? r.compactArrayLength() : r.arrayLength());
  const throttleTimeMs = r.int32();
  const errorCode = version >= 1 ? r.int16() : 0;
  const results: ElectLeadersPartitionResult[] = [];
  for (let nt = len(), i = 0; i < nt; i++) {
    const topic = str() ?? '';
    for (let np = len(), j = 0; j < np; j++) {
      const partition = r.int32();
      const code = r.int16();
      const message = str();
      if (flex) r.skipTags();
      results.push({ topic, partition, errorCode: code, errorMessage: message });
    }
    if (flex) r.skipTags();
  }
  if (flex) r.skipTags();
  return { throttleTimeMs, errorCode, results };
}
