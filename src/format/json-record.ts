/**
 * The JSON record schema, one object per line, shared by `console-consumer --format json`
 * (output) and `console-producer --format json` (input), so consumer output can be produced
 * back unchanged:
 *
 *   {"topic":"t","partition":0,"offset":"42","timestamp":1700000000000,
 *    "key":"k","keyEncoding":"utf8","value":"aGk=","valueEncoding":"base64",
 *    "headers":[{"key":"h","value":"v"}]}
 *
 * - key / value: string in the given encoding, or null. Encodings: utf8 (default), base64, hex.
 *   On output a field is utf8 when its bytes are valid UTF-8, otherwise base64 (binary safe).
 * - headers: [{key, value, valueEncoding?}] in log order; value null allowed.
 * - topic, partition, offset, timestamp: on input all optional (topic and offset are ignored
 *   unless the producer is told otherwise; partition and timestamp are honoured).
 */
import type { ConsumedRecord, OutgoingRecord, RecordHeader } from './record.js';

export type BinaryEncoding = 'utf8' | 'base64' | 'hex';
const ENCODINGS: readonly BinaryEncoding[] = ['utf8', 'base64', 'hex'];

export class JsonRecordError extends Error {}

const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

function isUtf8(b: Buffer): boolean {
  try {
    utf8Decoder.decode(b);
    return true;
  } catch {
    return false;
  }
}

/** Encodes bytes for JSON: utf8 text when possible (or when forced), else base64. */
export function encodeBytes(b: Buffer, prefer: BinaryEncoding | 'auto' = 'auto'): { text: string; encoding: BinaryEncoding } {
  if (prefer === 'hex') return { text: b.toString('hex'), encoding: 'hex' };
  if (prefer === 'base64') return { text: b.toString('base64'), encoding: 'base64' };
  if (isUtf8(b)) return { text: b.toString('utf8'), encoding: 'utf8' };
  return { text: b.toString('base64'), encoding: 'base64' };
}

export function decodeBytes(text: string, encoding: BinaryEncoding, field: string): Buffer {
  if (encoding === 'utf8') return Buffer.from(text, 'utf8');
  if (encoding === 'hex') {
    if (!/^(?:[0-9a-fA-F]{2})*$/.test(text)) throw new JsonRecordError(`${field} is not valid hex`);
    return Buffer.from(text, 'hex');
  }
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(text)) throw new JsonRecordError(`${field} is not valid base64`);
  return Buffer.from(text, 'base64');
}

/** One line of JSON (no trailing newline) for a consumed record. */
export function recordToJson(r: ConsumedRecord, prefer: BinaryEncoding | 'auto' = 'auto'): string {
  const obj: Record<string, unknown> = {
    topic: r.topic,
    partition: r.partition,
    offset: r.offset,
    timestamp: Number(r.timestamp),
  };
  if (r.key === null) obj.key = null;
  else {
    const k = encodeBytes(r.key, prefer);
    obj.key = k.text;
    obj.keyEncoding = k.encoding;
  }
  if (r.value === null) obj.value = null;
  else {
    const v = encodeBytes(r.value, prefer);
    obj.value = v.text;
    obj.valueEncoding = v.encoding;
  }
  obj.headers = r.headers.map((h) => {
    if (h.value === null) return { key: h.key, value: null };
    const v = encodeBytes(h.value, prefer);
    return v.encoding === 'utf8' ? { key: h.key, value: v.text } : { key: h.key, value: v.text, valueEncoding: v.encoding };
  });
  return JSON.stringify(obj);
}

function encodingOf(o: Record<string, unknown>, field: string): BinaryEncoding {
  const e = o[field];
  if (e === undefined || e === null) return 'utf8';
  if (typeof e !== 'string' || !ENCODINGS.includes(e as BinaryEncoding)) {
    throw new JsonRecordError(`${field} must be one of ${ENCODINGS.join(', ')}`);
  }
  return e as BinaryEncoding;
}

function bytesField(o: Record<string, unknown>, field: string, encField: string): Buffer | null {
  const v = o[field];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') throw new JsonRecordError(`${field} must be a string or null`);
  return decodeBytes(v, encodingOf(o, encField), field);
}

/** Parses one JSON line into a record to produce; throws JsonRecordError with a reason. */
export function recordFromJson(line: string): OutgoingRecord {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (err) {
    throw new JsonRecordError(`not valid JSON (${(err as Error).message})`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new JsonRecordError('expected a JSON object');
  const o = parsed as Record<string, unknown>;
  if (!('value' in o)) throw new JsonRecordError('missing "value" (use null for a tombstone)');
  const rec: OutgoingRecord = {
    key: bytesField(o, 'key', 'keyEncoding'),
    value: bytesField(o, 'value', 'valueEncoding'),
    headers: [],
  };
  if (o.headers !== undefined && o.headers !== null) {
    if (!Array.isArray(o.headers)) throw new JsonRecordError('headers must be an array of {key, value}');
    rec.headers = o.headers.map((h, i): RecordHeader => {
      if (h === null || typeof h !== 'object' || typeof (h as { key?: unknown }).key !== 'string') {
        throw new JsonRecordError(`headers[${i}] must be an object with a string key`);
      }
      const ho = h as Record<string, unknown>;
      return { key: ho.key as string, value: bytesField(ho, 'value', 'valueEncoding') };
    });
  }
  if (o.partition !== undefined && o.partition !== null) {
    if (!Number.isInteger(o.partition) || (o.partition as number) < 0) throw new JsonRecordError('partition must be a non-negative integer');
    rec.partition = o.partition as number;
  }
  if (o.timestamp !== undefined && o.timestamp !== null) {
    const t = o.timestamp;
    if (!(typeof t === 'number' && Number.isInteger(t) && t >= 0) && !(typeof t === 'string' && /^\d+$/.test(t))) {
      throw new JsonRecordError('timestamp must be milliseconds since the epoch');
    }
    rec.timestamp = String(t);
  }
  return rec;
}
