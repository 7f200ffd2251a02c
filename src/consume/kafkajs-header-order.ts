/**
 * kafkajs 2.2.4 hands headers to consumers as an object keyed by name, so `a:1,b:2,a:3`
 * comes out as `a:[1,3], b:2`: Kafka's console consumer prints them in log order. Before
 * kafkajs is first loaded we put our own decoder for its record module into the CommonJS
 * cache: it reads the same v2 record layout and returns the same fields, plus
 * `headersInOrder` ([{key, value}] exactly as in the log).
 */
import { join } from 'node:path';
import { kafkajsRoot, putInCache, requireCjs } from '../client/kafkajs-cache.js';

let active = false;

interface KafkajsDecoder {
  readInt8(): number;
  readVarLong(): { toString(): string };
  readVarInt(): number;
  readVarIntBytes(): Buffer | null;
  readVarIntString(): string;
  readVarIntArray<T>(fn: (d: KafkajsDecoder) => T): T[];
}
interface LongLike {
  add(x: unknown): LongLike;
  toString(): string;
}

export function keepHeaderOrder(): void {
  if (active) return;
  const root = kafkajsRoot();
  const decoderPath = join(root, 'protocol', 'recordBatch', 'record', 'v0', 'decoder.js');
  if (requireCjs.cache[decoderPath]) return; // too late: kafkajs already loaded its own
  const Long = requireCjs(join(root, 'utils', 'long.js')) as { fromValue(v: unknown): LongLike };
  const LOG_APPEND_TIME = (requireCjs(join(root, 'protocol', 'timestampTypes.js')) as { LOG_APPEND_TIME: number }).LOG_APPEND_TIME;

  // the batch's base offset and timestamp, parsed once per batch rather than once per record
  // (parsing them was ~10% of console-consumer's CPU); plain numbers when exact, else Long
  let lastContext: Record<string, unknown> | undefined;
  let baseOffset: number | LongLike = 0;
  let baseTimestamp: LongLike = Long.fromValue(0);
  const exact = (v: unknown): number | LongLike => {
    const n = Number(v);
    return Number.isSafeInteger(n) && Math.abs(n) < 2 ** 52 ? n : Long.fromValue(v);
  };
  const decodeRecord = (decoder: KafkajsDecoder, batchContext: Record<string, unknown> = {}) => {
    const { firstOffset, firstTimestamp, magicByte, isControlBatch = false, timestampType, maxTimestamp } = batchContext;
    if (batchContext !== lastContext) {
      lastContext = batchContext;
      baseOffset = exact(firstOffset);
      baseTimestamp = Long.fromValue(firstTimestamp);
    }
    const attributes = decoder.readInt8();
    const timestampDelta = decoder.readVarLong();
    const timestamp = timestampType === LOG_APPEND_TIME && maxTimestamp ? maxTimestamp : baseTimestamp.add(timestampDelta).toString();
    const offsetDelta = decoder.readVarInt();
    const offset = typeof baseOffset === 'number' ? String(baseOffset + offsetDelta) : baseOffset.add(offsetDelta).toString();
    const key = decoder.readVarIntBytes();
    const value = decoder.readVarIntBytes();
    const headersInOrder = decoder.readVarIntArray((d) => ({ key: d.readVarIntString(), value: d.readVarIntBytes() }));
    const headers: Record<string, Buffer | null | (Buffer | null)[]> = {};
    for (const h of headersInOrder) {
      const seen = headers[h.key];
      headers[h.key] = seen === undefined ? h.value : Array.isArray(seen) ? [...seen, h.value] : [seen, h.value];
    }
    return { magicByte, attributes, timestamp, offset, key, value, headers, headersInOrder, isControlRecord: isControlBatch, batchContext };
  };

  putInCache(decoderPath, decodeRecord);
  active = true;
}
