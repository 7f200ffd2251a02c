/**
 * WriteTxnMarkers (API key 27, versions 0-1; 1 is flexible), which @platformatic/kafka does
 * not have: what kafka-transactions abort sends to a partition's leader to write an ABORT
 * marker for a hanging transaction (Kafka 4 accepts version 1 only).
 */
import { Writer } from '@platformatic/kafka';
import { WireReader } from './wire.js';

export const WRITE_TXN_MARKERS_API_KEY = 27;
export const WRITE_TXN_MARKERS_VERSIONS = { minVersion: 0, maxVersion: 1 };
export const writeTxnMarkersFlexible = (version: number) => version >= 1;

export interface TxnMarker {
  producerId: bigint;
  producerEpoch: number;
  /** false: ABORT, true: COMMIT */
  commit: boolean;
  topics: { topic: string; partitions: number[] }[];
  coordinatorEpoch: number;
}

export function encodeWriteTxnMarkersRequest(markers: TxnMarker[], version: number): Writer {
  const flex = writeTxnMarkersFlexible(version);
  const w = Writer.create();
  const arrayLength = (n: number) => (flex ? w.appendUnsignedVarInt(n + 1) : w.appendInt32(n));
  arrayLength(markers.length);
  for (const m of markers) {
    w.appendInt64(m.producerId);
    w.appendInt16(m.producerEpoch);
    w.appendBoolean(m.commit);
    arrayLength(m.topics.length);
    for (const t of m.topics) {
      w.appendString(t.topic, flex);
      arrayLength(t.partitions.length);
      for (const p of t.partitions) w.appendInt32(p);
      if (flex) w.appendUnsignedVarInt(0);
    }
    w.appendInt32(m.coordinatorEpoch);
    if (flex) w.appendUnsignedVarInt(0);
  }
  if (flex) w.appendUnsignedVarInt(0);
  return w;
}

export interface TxnMarkerResult {
  producerId: bigint;
  topic: string;
  partition: number;
  errorCode: number;
}

export function decodeWriteTxnMarkersResponse(buf: Buffer, version: number): TxnMarkerResult[] {
  const flex = writeTxnMarkersFlexible(version);
  const r = new WireReader(buf);
  const len = () => (flex ? r.compactArrayLength() : r.arrayLength());
  const out: TxnMarkerResult[] = [];
  for (let nm = len(), i = 0; i < nm; i++) {
    const producerId = r.int64();
    for (let nt = len(), j = 0; j < nt; j++) {
      const topic = (flex ? r.compactString() : r.string()) ?? '';
      for (let np = len(), k = 0; k < np; k++) {
        const partition = r.int32();
        const errorCode = r.int16();
        if (flex) r.skipTags();
        out.push({ producerId, topic, partition, errorCode });
      }
      if (flex) r.skipTags();
    }
    if (flex) r.skipTags();
  }
  if (flex) r.skipTags();
  return out;
}
