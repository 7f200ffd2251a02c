/**
 * kafkajs 2.2.4 cannot send a header whose value is null: its record encoder calls
 * Buffer.byteLength(null) while sizing headers and throws. Kafka allows null header values
 * (the console producer makes them with null.marker), so before kafkajs is first loaded we
 * put our own encoder for that one internal module into the CommonJS cache. It writes the
 * same v2 record layout (length, attributes, timestamp delta, offset delta, key, value,
 * headers), with -1 for a null header value, and it also takes headers as an ordered
 * [{key, value}] array, so repeated keys keep their order.
 */
import { join } from 'node:path';
import { kafkajsRoot, putInCache, requireCjs } from '../client/kafkajs-cache.js';

let active = false;

interface KafkajsEncoder {
  writeVarInt(v: number): KafkajsEncoder;
  writeInt8(v: number): KafkajsEncoder;
  writeVarLong(v: unknown): KafkajsEncoder;
  writeVarIntBytes(v: unknown): KafkajsEncoder;
  writeVarIntString(v: string): KafkajsEncoder;
  writeVarIntArray(v: KafkajsEncoder[]): KafkajsEncoder;
  size(): number;
}
interface EncoderClass {
  new (): KafkajsEncoder;
  sizeOfVarInt(v: number): number;
  sizeOfVarLong(v: unknown): number;
  sizeOfVarIntBytes(v: unknown): number;
}

/** True when null header values can be sent (the patch went in before kafkajs loaded). */
export function nullHeaderValuesSupported(): boolean {
  return active;
}

export function allowNullHeaderValues(): void {
  if (active) return;
  const root = kafkajsRoot();
  const recordPath = join(root, 'protocol', 'recordBatch', 'record', 'v0', 'index.js');
  if (requireCjs.cache[recordPath]) return; // kafkajs is already loaded with its own encoder
  const Encoder = requireCjs(join(root, 'protocol', 'encoder.js')) as EncoderClass;

  type HeaderValue = Buffer | string | null;
  type Headers = Record<string, HeaderValue | HeaderValue[]> | { key: string; value: HeaderValue }[];
  const encodeRecord = ({
    offsetDelta = 0,
    timestampDelta = 0,
    key,
    value,
    headers = {},
  }: {
    offsetDelta?: number;
    timestampDelta?: unknown;
    key: unknown;
    value: unknown;
    headers?: Headers;
  }) => {
    // an array of {key, value} (what kafka-lab passes) keeps the order and duplicates exactly
    const pairs: { key: string; value: HeaderValue }[] = Array.isArray(headers) ? headers : [];
    if (!Array.isArray(headers))
      for (const k of Object.keys(headers)) {
        const v = headers[k];
        for (const one of Array.isArray(v) ? v : [v]) pairs.push({ key: k, value: one ?? null });
      }
    const encodedHeaders = pairs.map((h) => new Encoder().writeVarIntString(h.key).writeVarIntBytes(h.value));
    const headersSize = Encoder.sizeOfVarInt(pairs.length) + encodedHeaders.reduce((n, e) => n + e.size(), 0);
    const bodySize =
      1 +
      Encoder.sizeOfVarLong(timestampDelta) +
      Encoder.sizeOfVarInt(offsetDelta) +
      Encoder.sizeOfVarIntBytes(key) +
      Encoder.sizeOfVarIntBytes(value) +
      headersSize;
    return new Encoder()
      .writeVarInt(bodySize)
      .writeInt8(0)
      .writeVarLong(timestampDelta)
      .writeVarInt(offsetDelta)
      .writeVarIntBytes(key)
      .writeVarIntBytes(value)
      .writeVarIntArray(encodedHeaders);
  };

  putInCache(recordPath, encodeRecord);
  active = true;
}
