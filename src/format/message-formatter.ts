/**
 * Kafka's DefaultMessageFormatter (org.apache.kafka.tools.consumer, 3.9), byte for byte:
 * fields in the order timestamp, partition, offset, headers, key, value, joined by
 * key.separator; the last printed field is followed by line.separator. Keys, values and
 * header values are written as raw bytes, null ones as null.literal.
 */
import type { ConsumedRecord } from './record.js';

export interface MessageFormatterOptions {
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
] as const;

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
  };
}

/** Formats one record exactly as Kafka's console consumer prints it. */
export function formatRecord(r: ConsumedRecord, o: MessageFormatterOptions): Buffer {
  const parts: Buffer[] = [];
  const sep = (more: boolean) => parts.push(more ? o.keySeparator : o.lineSeparator);
  const orNull = (b: Buffer | null) => b ?? o.nullLiteral;

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
      parts.push(Buffer.from(`${h.key}:`, 'utf8'), orNull(h.value));
    });
    sep(o.printKey || o.printValue);
  }
  if (o.printKey) {
    parts.push(orNull(r.key));
    sep(o.printValue);
  }
  if (o.printValue) {
    parts.push(orNull(r.value), o.lineSeparator);
  }
  return Buffer.concat(parts);
}
