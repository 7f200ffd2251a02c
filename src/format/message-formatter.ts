/**
 * Kafka's DefaultMessageFormatter (org.apache.kafka.tools.consumer, 3.9), byte for byte:
 * fields in the order timestamp, partition, offset, headers, key, value, joined by
 * key.separator; the last printed field is followed by line.separator. Keys, values and
 * header values are written as raw bytes (or through key/value/headers.deserializer, the
 * built-in Kafka deserializers by class name), null ones as null.literal.
 */
import type { ConsumedRecord } from './record.js';

/** Turns raw bytes into the text Java's deserializer + toString() would print. */
export type Deserialize = (bytes: Buffer) => Buffer;

export interface MessageFormatterOptions {
  keyDeserializer?: Deserialize;
  valueDeserializer?: Deserialize;
  headersDeserializer?: Deserialize;
  printTimestamp: boolean;
  printKey: boolean;
  printValue: boolean;
  printPartition: boolean;
  printOffset: boolean;
  printHeaders: boolean;
  keySeparator: Buffer;
  lineSeparator: Buffer;
  headersSeparator: Buffer;
  nullLiteral: Buffer;
}

/** The formatter properties Kafka's console consumer knows (others are reported as unknown). */
export const FORMATTER_PROPERTIES = [
  'print.timestamp',
  'print.key',
  'print.value',
  'print.partition',
  'print.offset',
  'print.headers',
  'key.separator',
  'line.separator',
  'headers.separator',
  'null.literal',
  'key.deserializer',
  'value.deserializer',
  'headers.deserializer',
] as const;

export class DeserializerError extends Error {}

/** Java's Double.toString / Float.toString for the common cases (1.0, 0.5, 1.0E10, NaN). */
export function javaFloatingToString(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(n);
  if (abs >= 1e-3 && abs < 1e7) {
    const t = String(n);
    return t.includes('.') ? t : `${t}.0`;
  }
  const [mant, exp] = n.toExponential().split('e');
  return `${mant!.includes('.') ? mant : `${mant}.0`}E${Number(exp)}`;
}

function sized(name: string, size: number, read: (b: Buffer) => string): Deserialize {
  return (b) => {
    if (b.length !== size) throw new DeserializerError(`Size of data received by ${name} is not ${size}`);
    return Buffer.from(read(b), 'utf8');
  };
}

/** Kafka's built-in deserializers, by class name (full or simple). */
const DESERIALIZERS: Record<string, Deserialize> = {
  StringDeserializer: (b) => b,
  ByteArrayDeserializer: (b) => b,
  ByteBufferDeserializer: (b) => b,
  BytesDeserializer: (b) =>
    Buffer.from(
      [...b].map((x) => (x >= 0x20 && x < 0x7f && x !== 0x5c ? String.fromCharCode(x) : `\\x${x.toString(16).toUpperCase().padStart(2, '0')}`)).join(''),
    ),
  LongDeserializer: sized('LongDeserializer', 8, (b) => b.readBigInt64BE().toString()),
  IntegerDeserializer: sized('IntegerDeserializer', 4, (b) => String(b.readInt32BE())),
  ShortDeserializer: sized('ShortDeserializer', 2, (b) => String(b.readInt16BE())),
  DoubleDeserializer: sized('DoubleDeserializer', 8, (b) => javaFloatingToString(b.readDoubleBE())),
  FloatDeserializer: sized('FloatDeserializer', 4, (b) => javaFloatingToString(Math.fround(b.readFloatBE()))),
  UUIDDeserializer: (b) => b,
  VoidDeserializer: () => Buffer.from('null'),
  BooleanDeserializer: sized('BooleanDeserializer', 1, (b) => (b[0] ? 'true' : 'false')),
};

export function deserializerFor(className: string): Deserialize {
  const simple = className.trim().split('.').pop()!;
  const d = DESERIALIZERS[simple];
  if (!d) throw new DeserializerError(`deserializer ${className} is not supported (known: ${Object.keys(DESERIALIZERS).join(', ')})`);
  return d;
}

/** Like Java's Boolean.parseBoolean: case-insensitive "true", anything else is false. */
function javaBoolean(v: string | undefined, dflt: boolean): boolean {
  return v === undefined ? dflt : v.trim().toLowerCase() === 'true';
}

export function formatterOptions(props: Map<string, string>): MessageFormatterOptions {
  const bytes = (k: string, d: string) => Buffer.from(props.get(k) ?? d, 'utf8');
  return {
    printTimestamp: javaBoolean(props.get('print.timestamp'), false),
    printKey: javaBoolean(props.get('print.key'), false),
    printValue: javaBoolean(props.get('print.value'), true),
    printPartition: javaBoolean(props.get('print.partition'), false),
    printOffset: javaBoolean(props.get('print.offset'), false),
    printHeaders: javaBoolean(props.get('print.headers'), false),
    keySeparator: bytes('key.separator', '\t'),
    lineSeparator: bytes('line.separator', '\n'),
    headersSeparator: bytes('headers.separator', ','),
    nullLiteral: bytes('null.literal', 'null'),
    keyDeserializer: props.has('key.deserializer') ? deserializerFor(props.get('key.deserializer')!) : undefined,
    valueDeserializer: props.has('value.deserializer') ? deserializerFor(props.get('value.deserializer')!) : undefined,
    headersDeserializer: props.has('headers.deserializer') ? deserializerFor(props.get('headers.deserializer')!) : undefined,
  };
}

/** Formats one record exactly as Kafka's console consumer prints it. */
export function formatRecord(r: ConsumedRecord, o: MessageFormatterOptions): Buffer {
  const parts: Buffer[] = [];
  const sep = (more: boolean) => parts.push(more ? o.keySeparator : o.lineSeparator);
  const orNull = (b: Buffer | null, d?: Deserialize) => (b === null ? o.nullLiteral : d ? d(b) : b);

  if (o.printTimestamp) {
    parts.push(Buffer.from(r.timestampType === 'NoTimestampType' ? 'NO_TIMESTAMP' : `${r.timestampType}:${r.timestamp}`));
    sep(o.printPartition || o.printOffset || o.printHeaders || o.printKey || o.printValue);
  }
  if (o.printPartition) {
    parts.push(Buffer.from(`Partition:${r.partition}`));
    sep(o.printOffset || o.printHeaders || o.printKey || o.printValue);
  }
  if (o.printOffset) {
    parts.push(Buffer.from(`Offset:${r.offset}`));
    sep(o.printHeaders || o.printKey || o.printValue);
  }
  if (o.printHeaders) {
    if (r.headers.length === 0) parts.push(Buffer.from('NO_HEADERS'));
    r.headers.forEach((h, i) => {
      if (i > 0) parts.push(o.headersSeparator);
      parts.push(Buffer.from(`${h.key}:`, 'utf8'), orNull(h.value, o.headersDeserializer));
    });
    sep(o.printKey || o.printValue);
  }
  if (o.printKey) {
    parts.push(orNull(r.key, o.keyDeserializer));
    sep(o.printValue);
  }
  if (o.printValue) {
    parts.push(orNull(r.value, o.valueDeserializer), o.lineSeparator);
  }
  return Buffer.concat(parts);
}
