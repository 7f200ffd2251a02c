/**
 * Java .properties files: the one parser and writer of kafka-lab.
 *
 * Follows java.util.Properties#load exactly: `=`, `:` or whitespace separators, `#`/`!`
 * comments, backslash line continuations (leading whitespace of the next line dropped),
 * escapes (\t \n \r \f, \uXXXX, `\x` -> `x`), last duplicate wins. Files are read as
 * ISO-8859-1 like Properties#load(InputStream), which is how Kafka reads them.
 *
 * A PropertiesDocument keeps every original line so that rewriting a file (set/delete)
 * leaves comments, blank lines and untouched entries byte for byte as they were.
 */
import { readFileSync } from 'node:fs';
import { KafkaLabError, UsageError } from '../errors.js';
import { hints } from '../hints.js';

export interface PropertyEntry {
  key: string;
  value: string;
  /** 1-based line where the logical line starts */
  line: number;
}

type DocLine =
  | { kind: 'raw'; text: string } // comment, blank, or an entry kept verbatim
  | { kind: 'entry'; key: string; value: string; line: number; text: string | null };

export class PropertiesParseError extends KafkaLabError {
  constructor(
    readonly file: string,
    readonly line: number,
    problem: string,
  ) {
    super(`${file}:${line}: ${problem}`, { kind: 'invalid-config', hint: hints.propertiesLine });
    this.name = 'PropertiesParseError';
  }
}

interface LogicalLine {
  /** text with continuations joined, escapes not yet decoded */
  text: string;
  /** the physical lines, verbatim, including their line terminators */
  raw: string;
  line: number;
}

function splitLogicalLines(text: string): LogicalLine[] {
  const out: LogicalLine[] = [];
  const physical = text.split(/(\r\n|\r|\n)/);
  // physical = [line, sep, line, sep, ..., last]
  let i = 0;
  let lineNo = 1;
  while (i < physical.length) {
    const startLine = lineNo;
    let raw = '';
    let joined = '';
    let first = true;
    for (;;) {
      const piece = physical[i] ?? '';
      const sep = physical[i + 1] ?? '';
      raw += piece + sep;
      i += 2;
      lineNo += sep ? 1 : 0;
      const content = first ? piece : piece.replace(/^[ \t\f]+/, '');
      const isComment = first && /^[ \t\f]*[#!]/.test(piece);
      if (isComment) {
        joined = piece;
        break;
      }
      first = false;
      // an odd number of trailing backslashes continues the line
      const trailing = /\\+$/.exec(content)?.[0].length ?? 0;
      if (trailing % 2 === 1 && i < physical.length) {
        joined += content.slice(0, -1);
        continue;
      }
      joined += trailing % 2 === 1 ? content.slice(0, -1) : content;
      break;
    }
    if (raw.length > 0 || i < physical.length) out.push({ text: joined, raw, line: startLine });
  }
  return out;
}

function unescapeJava(s: string, file: string, line: number): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    i++;
    if (i >= s.length) break;
    const e = s[i]!;
    switch (e) {
      case 't':
        out += '\t';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 'f':
        out += '\f';
        break;
      case 'u': {
        const hex = s.slice(i + 1, i + 5);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new PropertiesParseError(file, line, 'malformed \\uxxxx escape');
        out += String.fromCharCode(parseInt(hex, 16));
        i += 4;
        break;
      }
      default:
        out += e;
    }
  }
  return out;
}

/** Splits a logical line into raw (still escaped) key and value, as Properties#load does. */
function splitKeyValue(text: string): { key: string; value: string } | null {
  let i = 0;
  while (i < text.length && /[ \t\f]/.test(text[i]!)) i++;
  if (i >= text.length) return null;
  const keyStart = i;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === '=' || c === ':' || c === ' ' || c === '\t' || c === '\f') break;
    i++;
  }
  const key = text.slice(keyStart, Math.min(i, text.length));
  while (i < text.length && /[ \t\f]/.test(text[i]!)) i++;
  if (i < text.length && (text[i] === '=' || text[i] === ':')) i++;
  while (i < text.length && /[ \t\f]/.test(text[i]!)) i++;
  return { key, value: text.slice(i) };
}

export class PropertiesDocument {
  private lines: DocLine[];

  private constructor(
    lines: DocLine[],
    readonly file: string,
  ) {
    this.lines = lines;
  }

  static parse(text: string, file = '<input>'): PropertiesDocument {
    const lines: DocLine[] = [];
    for (const ll of splitLogicalLines(text)) {
      const kv = /^[ \t\f]*[#!]/.test(ll.text) ? null : splitKeyValue(ll.text);
      if (!kv) {
        lines.push({ kind: 'raw', text: ll.raw });
        continue;
      }
      lines.push({
        kind: 'entry',
        key: unescapeJava(kv.key, file, ll.line),
        value: unescapeJava(kv.value, file, ll.line),
        line: ll.line,
        text: ll.raw,
      });
    }
    return new PropertiesDocument(lines, file);
  }

  static empty(file = '<new>'): PropertiesDocument {
    return new PropertiesDocument([], file);
  }

  /** Entries in file order; for a duplicated key only the last one (Java semantics). */
  entries(): PropertyEntry[] {
    const last = new Map<string, PropertyEntry>();
    for (const l of this.lines) {
      if (l.kind !== 'entry') continue;
      last.delete(l.key);
      last.set(l.key, { key: l.key, value: l.value, line: l.line });
    }
    return [...last.values()];
  }

  /** Every entry line, duplicates included (for validation that wants to name them). */
  allEntries(): PropertyEntry[] {
    return this.lines.flatMap((l) => (l.kind === 'entry' ? [{ key: l.key, value: l.value, line: l.line }] : []));
  }

  toMap(): Map<string, string> {
    return new Map(this.entries().map((e) => [e.key, e.value]));
  }

  get(key: string): string | undefined {
    for (let i = this.lines.length - 1; i >= 0; i--) {
      const l = this.lines[i]!;
      if (l.kind === 'entry' && l.key === key) return l.value;
    }
    return undefined;
  }

  lineOf(key: string): number | undefined {
    for (let i = this.lines.length - 1; i >= 0; i--) {
      const l = this.lines[i]!;
      if (l.kind === 'entry' && l.key === key) return l.line;
    }
    return undefined;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** Sets a key: rewrites its (last) line in place, or appends a new line. */
  set(key: string, value: string): this {
    let found = false;
    for (let i = this.lines.length - 1; i >= 0; i--) {
      const l = this.lines[i]!;
      if (l.kind !== 'entry' || l.key !== key) continue;
      if (!found) {
        found = true;
        if (l.value !== value) {
          const eol = l.text ? (/(\r\n|\r|\n)$/.exec(l.text)?.[0] ?? '\n') : '\n';
          this.lines[i] = { kind: 'entry', key, value, line: l.line, text: formatEntry(key, value) + eol };
        }
      } else {
        this.lines.splice(i, 1); // earlier duplicates would be shadowed anyway
      }
    }
    if (!found) {
      const last = this.lines[this.lines.length - 1];
      if (last && last.text !== null && !/(\r\n|\r|\n)$/.test(last.text)) last.text += '\n';
      this.lines.push({ kind: 'entry', key, value, line: 0, text: `${formatEntry(key, value)}\n` });
    }
    return this;
  }

  delete(key: string): boolean {
    const before = this.lines.length;
    this.lines = this.lines.filter((l) => l.kind !== 'entry' || l.key !== key);
    return this.lines.length !== before;
  }

  /** Appends a comment line (text without the leading '#'). */
  comment(text: string): this {
    this.lines.push({
      kind: 'raw',
      text: `${text
        .split('\n')
        .map((t) => (t ? `# ${t}` : '#'))
        .join('\n')}\n`,
    });
    return this;
  }

  blank(): this {
    this.lines.push({ kind: 'raw', text: '\n' });
    return this;
  }

  toString(): string {
    return this.lines.map((l) => (l.kind === 'raw' ? l.text : (l.text ?? `${formatEntry(l.key, l.value)}\n`))).join('');
  }
}

function escapeText(s: string, isKey: boolean): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    const code = c.charCodeAt(0);
    if (c === ' ' && (isKey || i === 0)) out += '\\ ';
    else if (c === '\\') out += '\\\\';
    else if (c === '\t') out += '\\t';
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\f') out += '\\f';
    else if ('=:#!'.includes(c) && (isKey || i === 0)) out += `\\${c}`;
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
    else out += c;
  }
  return out;
}

/** One `key=value` line in the escaped form Java's Properties#load reads back unchanged. */
export function formatEntry(key: string, value: string): string {
  return `${escapeText(key, true)}=${escapeText(value, false)}`;
}

/** Serialises a plain map (in the given order) as a properties file. */
export function formatProperties(map: Iterable<[string, string]>, header?: string): string {
  const doc = PropertiesDocument.empty();
  if (header) doc.comment(header);
  for (const [k, v] of map) doc.set(k, v);
  return doc.toString();
}

export function parseProperties(text: string, file?: string): Map<string, string> {
  return PropertiesDocument.parse(text, file).toMap();
}

/**
 * Reads a properties file. Missing or unreadable files are a KafkaLabError naming the path;
 * `what` names the file's role in the message ("config file", "--command-config file").
 */
export function readPropertiesFile(path: string, what = 'properties file'): PropertiesDocument {
  let text: string;
  try {
    text = readFileSync(path, 'latin1');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new KafkaLabError(`${what} not found: ${path}`, { kind: 'not-found', hint: hints.quickstartConfig(path) ?? hints.checkPath });
    }
    if (code === 'EISDIR') {
      throw new KafkaLabError(`${what} is a directory, not a file: ${path}`, { kind: 'invalid-config', hint: 'Pass the path of a .properties file.' });
    }
    throw new KafkaLabError(`cannot read ${what} ${path}: ${code ?? String(err)}`, { kind: 'failed', hint: 'Check the file permissions.' });
  }
  return PropertiesDocument.parse(text, path);
}

/** An example per flag, in that flag's own vocabulary (a broker's --override takes broker configs, not topic ones). */
const KEY_VALUE_EXAMPLES: Record<string, string> = {
  '--override': 'log.retention.ms=60000',
  '--producer-property': 'acks=all',
  '--consumer-property': 'auto.offset.reset=earliest',
  '--property': 'print.key=true',
  '--reader-property': 'parse.key=true',
};

/**
 * Parses `k=v` items as given on a command line (`--override`, `--producer-property`,
 * `--config`, comma lists split by the caller). Only the first '=' separates.
 */
export function parseKeyValue(item: string, flag: string): [string, string] {
  const eq = item.indexOf('=');
  if (eq <= 0) {
    throw new UsageError(`${flag} expects key=value, got '${item}'`, `Example: ${flag} ${KEY_VALUE_EXAMPLES[flag] ?? 'retention.ms=60000'}`);
  }
  return [item.slice(0, eq).trim(), item.slice(eq + 1)];
}
