/**
 * Format strings in kcat's dialect, for consumer output (`-f`) and producer input (`--format`).
 *
 *   %t topic         %p partition        %o offset          %T timestamp (ms)
 *   %k key           %K key length (-1 for null)
 *   %s value         %v value (rpk's name for %s)            %S value length (-1 for null)
 *   %R value length as a 4-byte big-endian integer (binary framing)
 *   %h headers as key=value pairs joined by ','             %H number of headers
 *   %% a literal %   escapes: \n \r \t \\ \xHH (one byte)
 *
 * Output: null keys/values print as nothing (like kcat without -Z). Input: fields are read
 * up to the literal text that follows them, so two fields need a literal between them;
 * only %t %p %T %k %s %v %h are accepted (lengths cannot be inferred from text).
 * Example: -f 'Key: %k, Value: %s, Partition: %p, Offset: %o\n'
 */
import type { ConsumedRecord, OutgoingRecord, RecordHeader } from './record.js';

export type FormatPart = { kind: 'literal'; bytes: Buffer } | { kind: 'field'; token: string };

export class FormatStringError extends Error {}

const OUTPUT_TOKENS = new Set(['t', 'p', 'o', 'T', 'k', 'K', 's', 'v', 'S', 'R', 'h', 'H']);
const INPUT_TOKENS = new Set(['t', 'p', 'T', 'k', 's', 'v', 'h']);

/** Splits a format string into literal bytes and %fields, decoding escapes. */
export function compileFormat(format: string, allowed: Set<string> = OUTPUT_TOKENS): FormatPart[] {
  const parts: FormatPart[] = [];
  let lit: number[] = [];
  const flush = () => {
    if (lit.length > 0) parts.push({ kind: 'literal', bytes: Buffer.from(lit) });
    lit = [];
  };
  const src = Buffer.from(format, 'utf8');
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === 0x25 /* % */) {
      const n = src[i + 1];
      if (n === undefined) throw new FormatStringError(`format ends with a lone '%' (use %% for a literal %)`);
      const tok = String.fromCharCode(n);
      i++;
      if (tok === '%') lit.push(0x25);
      else if (allowed.has(tok)) {
        flush();
        parts.push({ kind: 'field', token: tok });
      } else throw new FormatStringError(`unknown format token %${tok} (known: ${[...allowed].map((t) => `%${t}`).join(' ')} %%)`);
    } else if (c === 0x5c /* \ */) {
      const n = src[i + 1];
      i++;
      if (n === 0x6e) lit.push(0x0a);
      else if (n === 0x72) lit.push(0x0d);
      else if (n === 0x74) lit.push(0x09);
      else if (n === 0x5c) lit.push(0x5c);
      else if (n === 0x78) {
        const hex = src.subarray(i + 1, i + 3).toString('latin1');
        if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw new FormatStringError(`\\x needs two hex digits in '${format}'`);
        lit.push(parseInt(hex, 16));
        i += 2;
      } else if (n === undefined) lit.push(0x5c);
      else {
        lit.push(0x5c, n);
      }
    } else lit.push(c);
  }
  flush();
  return parts;
}

function int32be(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
}

/** Renders one consumed record with a compiled output format. */
export function renderFormat(parts: FormatPart[], r: ConsumedRecord): Buffer {
  const out: Buffer[] = [];
  for (const p of parts) {
    if (p.kind === 'literal') {
      out.push(p.bytes);
      continue;
    }
    switch (p.token) {
      case 't':
        out.push(Buffer.from(r.topic));
        break;
      case 'p':
        out.push(Buffer.from(String(r.partition)));
        break;
      case 'o':
        out.push(Buffer.from(r.offset));
        break;
      case 'T':
        out.push(Buffer.from(r.timestamp));
        break;
      case 'k':
        if (r.key) out.push(r.key);
        break;
      case 'K':
        out.push(Buffer.from(String(r.key ? r.key.length : -1)));
        break;
      case 's':
      case 'v':
        if (r.value) out.push(r.value);
        break;
      case 'S':
        out.push(Buffer.from(String(r.value ? r.value.length : -1)));
        break;
      case 'R':
        out.push(int32be(r.value ? r.value.length : -1));
        break;
      case 'H':
        out.push(Buffer.from(String(r.headers.length)));
        break;
      case 'h':
        r.headers.forEach((h, i) => {
          if (i > 0) out.push(Buffer.from(','));
          out.push(Buffer.from(`${h.key}=`), h.value ?? Buffer.alloc(0));
        });
        break;
    }
  }
  return Buffer.concat(out);
}

/** Parses `k=v,k2=v2` (a pair without '=' is a header with a null value, like kcat -H). */
export function parseHeaderList(b: Buffer): RecordHeader[] {
  if (b.length === 0) return [];
  const text = b.toString('latin1'); // byte-preserving split
  return text.split(',').map((pair) => {
    const eq = pair.indexOf('=');
    if (eq < 0) return { key: Buffer.from(pair, 'latin1').toString('utf8'), value: null };
    return { key: Buffer.from(pair.slice(0, eq), 'latin1').toString('utf8'), value: Buffer.from(pair.slice(eq + 1), 'latin1') };
  });
}

/**
 * Streaming parser for an input format: push chunks, get complete records. Holds at most
 * one incomplete record in memory (bounded by maxRecordBytes).
 */
export class FormatParser {
  private pending: Buffer = Buffer.alloc(0);
  private readonly parts: FormatPart[];

  constructor(
    format: string,
    private readonly maxRecordBytes = 64 * 1024 * 1024,
  ) {
    this.parts = compileFormat(format, INPUT_TOKENS);
    if (!this.parts.some((p) => p.kind === 'field')) throw new FormatStringError('an input format needs at least one field, e.g. %s\\n');
    for (let i = 1; i < this.parts.length; i++) {
      if (this.parts[i]!.kind === 'field' && this.parts[i - 1]!.kind === 'field') {
        throw new FormatStringError('two input fields need literal text between them (e.g. %k\\t%s\\n)');
      }
    }
  }

  push(chunk: Buffer): OutgoingRecord[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const out: OutgoingRecord[] = [];
    for (;;) {
      const m = this.match(false);
      if (!m) break;
      out.push(m.record);
      this.pending = this.pending.subarray(m.consumed);
    }
    if (this.pending.length > this.maxRecordBytes) throw new FormatStringError(`input does not match the format within ${this.maxRecordBytes} bytes`);
    return out;
  }

  /** At end of input: the rest, as if the final literal (e.g. the last newline) were there. */
  end(): OutgoingRecord[] {
    const out: OutgoingRecord[] = [];
    while (this.pending.length > 0) {
      const m = this.match(true);
      if (!m) throw new FormatStringError(`the input's last ${this.pending.length} bytes do not match the format`);
      out.push(m.record);
      this.pending = this.pending.subarray(m.consumed);
    }
    return out;
  }

  private match(atEof: boolean): { record: OutgoingRecord; consumed: number } | undefined {
    const buf = this.pending;
    let pos = 0;
    const fields = new Map<string, Buffer>();
    for (let i = 0; i < this.parts.length; i++) {
      const p = this.parts[i]!;
      if (p.kind === 'literal') {
        if (buf.length - pos < p.bytes.length) {
          // at EOF a missing trailing literal is forgiven (last line without newline)
          if (atEof && i === this.parts.length - 1 && pos === buf.length) break;
          if (atEof || buf.subarray(pos).equals(p.bytes.subarray(0, buf.length - pos))) return undefined;
          throw new FormatStringError(`expected '${escapeForMessage(p.bytes)}' at '${escapeForMessage(buf.subarray(pos, pos + 20))}'`);
        }
        if (!buf.subarray(pos, pos + p.bytes.length).equals(p.bytes)) {
          throw new FormatStringError(`expected '${escapeForMessage(p.bytes)}' at '${escapeForMessage(buf.subarray(pos, pos + 20))}'`);
        }
        pos += p.bytes.length;
        continue;
      }
      const next = this.parts[i + 1];
      let end: number;
      if (!next) {
        if (!atEof) return undefined;
        end = buf.length;
      } else {
        const lit = (next as { bytes: Buffer }).bytes;
        end = buf.indexOf(lit, pos);
        if (end < 0) {
          if (!atEof || i + 1 !== this.parts.length - 1) return undefined;
          end = buf.length;
        }
      }
      fields.set(p.token, buf.subarray(pos, end));
      pos = end;
    }
    return { record: this.toRecord(fields), consumed: Math.max(pos, 1) };
  }

  private toRecord(f: Map<string, Buffer>): OutgoingRecord {
    const value = f.get('s') ?? f.get('v');
    const rec: OutgoingRecord = {
      key: f.has('k') ? Buffer.from(f.get('k')!) : null,
      value: value ? Buffer.from(value) : null,
      headers: f.has('h') ? parseHeaderList(f.get('h')!) : [],
    };
    if (f.has('p')) {
      const p = f.get('p')!.toString();
      if (!/^\d+$/.test(p)) throw new FormatStringError(`partition '${p}' is not a number`);
      rec.partition = Number(p);
    }
    if (f.has('T')) {
      const t = f.get('T')!.toString();
      if (!/^\d+$/.test(t)) throw new FormatStringError(`timestamp '${t}' is not a number of ms`);
      rec.timestamp = t;
    }
    if (f.has('t')) rec.topic = f.get('t')!.toString('utf8');
    return rec;
  }
}

function escapeForMessage(b: Buffer): string {
  return b.toString('utf8').replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/\r/g, '\\r');
}
