/**
 * Kafka's LineMessageReader (console producer `--property` / `--reader-property`), on bytes:
 * a line is `[headers<headers.delimiter>][key<key.separator>]value`, headers being
 * `k1:v1,k2:v2`. Messages and validation texts are Kafka's own.
 */
import type { OutgoingRecord, RecordHeader } from '../format/record.js';

export interface ReaderOptions {
  parseKey: boolean;
  keySeparator: Buffer;
  parseHeaders: boolean;
  headersDelimiter: Buffer;
  /** a Java regex in Kafka; used as a JavaScript RegExp here (same for plain separators) */
  headersSeparator: RegExp;
  headersKeySeparator: string;
  ignoreError: boolean;
  nullMarker?: Buffer;
}

export const READER_PROPERTIES = [
  'parse.key',
  'key.separator',
  'parse.headers',
  'headers.delimiter',
  'headers.separator',
  'headers.key.separator',
  'ignore.error',
  'null.marker',
] as const;

/** A reader setting or a line that Kafka's reader would reject. */
export class ReaderError extends Error {}

const javaBoolean = (v: string | undefined) => (v ?? '').trim().toLowerCase() === 'true';

export function readerOptions(props: Map<string, string>): ReaderOptions {
  for (const k of props.keys()) {
    if (!(READER_PROPERTIES as readonly string[]).includes(k)) {
      throw new ReaderError(`unknown reader property '${k}' (known: ${READER_PROPERTIES.join(', ')})`);
    }
  }
  const keySeparator = props.get('key.separator') ?? '\t';
  const headersDelimiter = props.get('headers.delimiter') ?? '\t';
  const headersSeparator = props.get('headers.separator') ?? ',';
  const headersKeySeparator = props.get('headers.key.separator') ?? ':';
  const nullMarker = props.get('null.marker');
  const parseHeaders = javaBoolean(props.get('parse.headers'));
  if (parseHeaders) {
    if (headersDelimiter === headersSeparator) throw new ReaderError('headers.delimiter and headers.separator may not be equal');
    if (headersDelimiter === headersKeySeparator) throw new ReaderError('headers.delimiter and headers.key.separator may not be equal');
    if (headersSeparator === headersKeySeparator) throw new ReaderError('headers.separator and headers.key.separator may not be equal');
  }
  if (nullMarker !== undefined) {
    if (nullMarker === keySeparator) throw new ReaderError('null.marker and key.separator may not be equal');
    if (parseHeaders) {
      if (nullMarker === headersSeparator) throw new ReaderError('null.marker and headers.separator may not be equal');
      if (nullMarker === headersDelimiter) throw new ReaderError('null.marker and headers.delimiter may not be equal');
      if (nullMarker === headersKeySeparator) throw new ReaderError('null.marker and headers.key.separator may not be equal');
    }
  }
  let sepRe: RegExp;
  try {
    sepRe = new RegExp(headersSeparator);
  } catch {
    throw new ReaderError(`headers.separator '${headersSeparator}' is not a valid regular expression`);
  }
  return {
    parseKey: javaBoolean(props.get('parse.key')),
    keySeparator: Buffer.from(keySeparator, 'utf8'),
    parseHeaders,
    headersDelimiter: Buffer.from(headersDelimiter, 'utf8'),
    headersSeparator: sepRe,
    headersKeySeparator,
    ignoreError: javaBoolean(props.get('ignore.error')),
    nullMarker: nullMarker === undefined ? undefined : Buffer.from(nullMarker, 'utf8'),
  };
}

/** Java's String.split(regex): drops trailing empty strings. */
function javaSplit(text: string, re: RegExp): string[] {
  const parts = text.split(new RegExp(re.source, `${re.flags.replace('g', '')}g`));
  while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** Parses one input line (1-based lineNumber for messages). Throws ReaderError like Kafka's KafkaException. */
export function parseLine(line: Buffer, lineNumber: number, o: ReaderOptions): OutgoingRecord {
  const lineText = () => line.toString('utf8');
  const isNull = (b: Buffer) => o.nullMarker !== undefined && b.equals(o.nullMarker);
  const cut = (enabled: boolean, start: number, sep: Buffer, name: string): Buffer | null => {
    if (!enabled) return null;
    const idx = line.indexOf(sep, start);
    if (idx < 0) {
      if (o.ignoreError) return null;
      throw new ReaderError(`No ${name} found on line number ${lineNumber}: '${lineText()}'`);
    }
    return line.subarray(start, idx);
  };

  const headers = cut(o.parseHeaders, 0, o.headersDelimiter, 'headers delimiter');
  const headerOffset = headers === null ? 0 : headers.length + o.headersDelimiter.length;
  const key = cut(o.parseKey, headerOffset, o.keySeparator, 'key separator');
  const keyOffset = key === null ? 0 : key.length + o.keySeparator.length;
  const value = line.subarray(headerOffset + keyOffset);

  // key and value are views into the line (no copy per record; see line-reader.ts)
  const rec: OutgoingRecord = {
    key: key !== null && !isNull(key) ? key : null,
    value: isNull(value) ? null : value,
    headers: [],
  };
  if (headers !== null && !isNull(headers)) rec.headers = splitHeaders(headers, lineNumber, o);
  return rec;
}

function splitHeaders(headers: Buffer, lineNumber: number, o: ReaderOptions): RecordHeader[] {
  // latin1 keeps every byte as one char, so splitting cannot corrupt multi-byte text
  const text = headers.toString('latin1');
  const keySep = Buffer.from(o.headersKeySeparator, 'utf8').toString('latin1');
  const nullMarker = o.nullMarker?.toString('latin1');
  return javaSplit(text, o.headersSeparator).map((pair): RecordHeader => {
    const i = pair.indexOf(keySep);
    const utf8 = (s: string) => Buffer.from(s, 'latin1').toString('utf8');
    if (i < 0) {
      if (o.ignoreError) return { key: utf8(pair), value: null };
      throw new ReaderError(`No header key separator found in pair '${utf8(pair)}' on line number ${lineNumber}`);
    }
    const k = pair.slice(0, i);
    if (nullMarker !== undefined && k === nullMarker) {
      throw new ReaderError(`Header keys should not be equal to the null marker '${utf8(nullMarker)}' as they can't be null`);
    }
    const v = pair.slice(i + keySep.length);
    return { key: utf8(k), value: nullMarker !== undefined && v === nullMarker ? null : Buffer.from(v, 'latin1') };
  });
}
