/**
 * Bits of text Kafka's Java tools print that come from Java itself rather than from the tool:
 * an exception's toString (class name and message), Double.toString, the iteration order of a
 * java.util.HashMap, and ToolsUtils' prettyPrintTable (columns padded to the widest value, each
 * followed by a tab).
 */
import { protocolErrors } from '@platformatic/kafka';
import { errorName } from '../client/errors.js';
import { javaStringHash } from '../util/java-hash.js';

/** Error names whose exception class is not simply the name in CamelCase + Exception. */
const EXCEPTION_CLASSES: Record<string, string> = {
  UNKNOWN_SERVER_ERROR: 'UnknownServerException',
  CORRUPT_MESSAGE: 'CorruptRecordException',
  REQUEST_TIMED_OUT: 'TimeoutException',
  NETWORK_EXCEPTION: 'NetworkException',
  MESSAGE_TOO_LARGE: 'RecordTooLargeException',
  RECORD_LIST_TOO_LARGE: 'RecordBatchTooLargeException',
  NOT_ENOUGH_REPLICAS_AFTER_APPEND: 'NotEnoughReplicasAfterAppendException',
  INVALID_REQUIRED_ACKS: 'InvalidRequiredAcksException',
  OFFSET_OUT_OF_RANGE: 'OffsetOutOfRangeException',
  UNSUPPORTED_VERSION: 'UnsupportedVersionException',
  UNKNOWN_PRODUCER_ID: 'UnknownProducerIdException',
  KAFKA_STORAGE_ERROR: 'KafkaStorageException',
  LOG_DIR_NOT_FOUND: 'LogDirNotFoundException',
};

/** The simple class name of the Java exception Kafka raises for an error code, e.g. UnknownTopicOrPartitionException. */
export function javaExceptionClass(code: number): string {
  const name = errorName(code);
  const known = EXCEPTION_CLASSES[name];
  if (known) return known;
  const camel = (s: string) =>
    s
      .toLowerCase()
      .split('_')
      .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
      .join('');
  if (name.endsWith('_AUTHORIZATION_FAILED')) return `${camel(name.slice(0, -'_FAILED'.length))}Exception`;
  if (name.endsWith('_EXCEPTION')) return camel(name);
  return `${camel(name)}Exception`;
}

/** The message of the exception: the broker's own text, else Kafka's default for the code. */
export function javaExceptionMessage(code: number, brokerMessage: string | null): string {
  return brokerMessage ?? protocolErrors[errorName(code)]?.message ?? errorName(code);
}

/** Throwable.toString of the exception for an error code: org.apache.kafka.common.errors.X: message */
export function javaExceptionString(code: number, brokerMessage: string | null): string {
  return `org.apache.kafka.common.errors.${javaExceptionClass(code)}: ${javaExceptionMessage(code, brokerMessage)}`;
}

/** ToolsUtils.prettyPrintTable: each value padded to its column's width and followed by a tab, one line per row. */
export function prettyPrintTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (row: string[]) => row.map((v, i) => `${v.padEnd(widths[i]!)}\t`).join('');
  return [line(headers), ...rows.map(line)].join('\n');
}

/** The plain decimal digits of a non-negative finite number's shortest representation. */
function plainDecimal(abs: number): { int: string; frac: string } {
  const [mant, expText] = abs.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  const digits = mant.replace('.', '');
  // digits d0.d1d2... x 10^exp
  const point = exp + 1;
  if (point <= 0) return { int: '0', frac: '0'.repeat(-point) + digits };
  if (point >= digits.length) return { int: digits + '0'.repeat(point - digits.length), frac: '' };
  return { int: digits.slice(0, point), frac: digits.slice(point) };
}

/** Java's String.format("%.Nf"): HALF_UP on the shortest decimal form (toFixed rounds the binary value). */
export function javaFixed(x: number, digits: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  const neg = x < 0 || Object.is(x, -0);
  const { int, frac } = plainDecimal(Math.abs(x));
  const padded = frac.padEnd(digits + 1, '0');
  let kept = (int + padded.slice(0, digits)).split('').map(Number);
  if (padded[digits]! >= '5') {
    let i = kept.length - 1;
    for (; i >= 0; i--) {
      if (kept[i]! < 9) {
        kept[i]!++;
        break;
      }
      kept[i] = 0;
    }
    if (i < 0) kept = [1, ...kept];
  }
  const text = kept.join('');
  const intLen = text.length - digits;
  const result = digits > 0 ? `${text.slice(0, intLen)}.${text.slice(intLen)}` : text;
  return neg ? `-${result}` : result;
}

/** java.util.AbstractMap#hashCode of a Map<String, String>: the sum of key.hashCode() ^ value.hashCode() (null: 0). */
export function javaStringMapHash(entries: [string, string | null][]): number {
  let h = 0;
  for (const [k, v] of entries) h = (h + (javaStringHash(k) ^ (v === null ? 0 : javaStringHash(v)))) | 0;
  return h;
}

/** java.lang.Double#toString: 1024.0, 50.5, 1.048576E7, 1.0E-4. */
export function javaDouble(d: number): string {
  if (Number.isNaN(d)) return 'NaN';
  if (!Number.isFinite(d)) return d > 0 ? 'Infinity' : '-Infinity';
  if (d === 0) return Object.is(d, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(d);
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(d);
    return s.includes('.') ? s : `${s}.0`;
  }
  const [mantissa, exponent] = d.toExponential().split('e') as [string, string];
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${exponent.replace('+', '')}`;
}
