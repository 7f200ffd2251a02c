/**
 * The record shape shared by the formatters, the JSON schema and the producer/consumer
 * modules: raw bytes everywhere (null = absent), so nothing is lost to text decoding.
 */
export interface RecordHeader {
  key: string;
  value: Buffer | null;
}

export type TimestampType = 'CreateTime' | 'LogAppendTime' | 'NoTimestampType';

export interface ConsumedRecord {
  topic: string;
  partition: number;
  offset: string;
  /** ms since epoch, as a decimal string (64-bit values are kept as text) */
  timestamp: string;
  timestampType: TimestampType;
  key: Buffer | null;
  value: Buffer | null;
  /** in log order */
  headers: RecordHeader[];
}

/** A record to produce; everything but value optional. */
export interface OutgoingRecord {
  key: Buffer | null;
  value: Buffer | null;
  headers: RecordHeader[];
  partition?: number;
  timestamp?: string;
  /** only from a format string with %t: overrides --topic */
  topic?: string;
}
