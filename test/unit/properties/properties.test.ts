import { describe, expect, it } from 'vitest';
import { formatEntry, parseKeyValue, parseProperties, PropertiesDocument, PropertiesParseError } from '../../../src/config/properties.js';

// Expected values were checked against java.util.Properties#load (JDK 17).
describe('Java properties parsing', () => {
  it('accepts =, : and whitespace as separators', () => {
    const m = parseProperties('a=1\nb:2\nc 3\nd\t4\ne = 5\nf : 6\n');
    expect(Object.fromEntries(m)).toEqual({ a: '1', b: '2', c: '3', d: '4', e: '5', f: '6' });
  });

  it('splits at the first separator only; the rest belongs to the value', () => {
    const m = parseProperties('a b c\nurl=http://h:1/x=y\n');
    expect(m.get('a')).toBe('b c');
    expect(m.get('url')).toBe('http://h:1/x=y');
  });

  it('treats # and ! lines as comments, also when indented', () => {
    const m = parseProperties('# c1\n! c2\n   # c3\nk=v # not a comment\n');
    expect([...m.keys()]).toEqual(['k']);
    expect(m.get('k')).toBe('v # not a comment');
  });

  it("joins continuation lines and drops the next line's leading whitespace", () => {
    const m = parseProperties('x=1\\\n   2\\\n 3\ny=after\n');
    expect(m.get('x')).toBe('123');
    expect(m.get('y')).toBe('after');
  });

  it('an even number of trailing backslashes is an escaped backslash, not a continuation', () => {
    const m = parseProperties('odd=a\\\\\nnext=1\n');
    expect(m.get('odd')).toBe('a\\');
    expect(m.get('next')).toBe('1');
  });

  it('a comment line ending in a backslash does not continue', () => {
    const m = parseProperties('# comment \\\nk=v\n');
    expect(m.get('k')).toBe('v');
  });

  it('decodes escapes: \\t \\n \\r \\f, \\uXXXX, and \\x as x', () => {
    const m = parseProperties('e=\\t\\u0041\\z\\\\\nn=a\\nb\\r\\f\n');
    expect(m.get('e')).toBe('\tAz\\');
    expect(m.get('n')).toBe('a\nb\r\f');
  });

  it('keys may contain escaped separators and spaces', () => {
    const m = parseProperties('key\\ with\\ space = v\na\\=b=c\nc\\:d:e\n');
    expect(m.get('key with space')).toBe('v');
    expect(m.get('a=b')).toBe('c');
    expect(m.get('c:d')).toBe('e');
  });

  it('keeps trailing whitespace of values and allows empty values', () => {
    const m = parseProperties('  trail = v  \nempty\nempty2=\n');
    expect(m.get('trail')).toBe('v  ');
    expect(m.get('empty')).toBe('');
    expect(m.get('empty2')).toBe('');
  });

  it('the last of duplicated keys wins, and allEntries still lists both with lines', () => {
    const doc = PropertiesDocument.parse('x=1\ny=2\nx=3\n');
    expect(doc.get('x')).toBe('3');
    expect(
      doc
        .allEntries()
        .filter((e) => e.key === 'x')
        .map((e) => e.line),
    ).toEqual([1, 3]);
  });

  it('handles CRLF and CR line endings', () => {
    expect(Object.fromEntries(parseProperties('a=1\r\nb=2\rc=3'))).toEqual({ a: '1', b: '2', c: '3' });
  });

  it('rejects a malformed \\u escape naming file and line', () => {
    expect(() => parseProperties('ok=1\nbad=\\u12G4\n', 'server.properties')).toThrow(PropertiesParseError);
    expect(() => parseProperties('ok=1\nbad=\\u12G4\n', 'server.properties')).toThrow(/^server\.properties:2: malformed \\uxxxx escape$/);
  });

  it('reports line numbers of continued lines by their first line', () => {
    const doc = PropertiesDocument.parse('a=1\\\n2\nb=3\n');
    expect(doc.lineOf('a')).toBe(1);
    expect(doc.lineOf('b')).toBe(3);
  });
});

describe('Java properties writing', () => {
  it('round-trips comments, blank lines and untouched entries byte for byte', () => {
    const text = '# header\n\n! bang comment\nlog.dirs = /tmp/a   \nx=1\\\n  2\nlog.retention.hours=168\r\n';
    expect(PropertiesDocument.parse(text).toString()).toBe(text);
  });

  it('set rewrites the existing line in place and keeps everything else', () => {
    const doc = PropertiesDocument.parse('# keep me\nbroker.id=0\n# and me\nlog.dirs=/tmp/a\n');
    doc.set('broker.id', '2').set('new.key', 'v');
    expect(doc.toString()).toBe('# keep me\nbroker.id=2\n# and me\nlog.dirs=/tmp/a\nnew.key=v\n');
  });

  it('set on a duplicated key removes the shadowed earlier line', () => {
    const doc = PropertiesDocument.parse('x=1\n# c\nx=2\n');
    doc.set('x', '5');
    expect(doc.toString()).toBe('# c\nx=5\n');
  });

  it('delete removes the entry and nothing else', () => {
    const doc = PropertiesDocument.parse('# c\na=1\nb=2\n');
    expect(doc.delete('a')).toBe(true);
    expect(doc.toString()).toBe('# c\nb=2\n');
  });

  it('escapes what Java needs escaped so that parsing gives the value back', () => {
    const cases: [string, string][] = [
      ['key with space', ' leading space'],
      ['a=b:c', '#not comment'],
      ['u', 'é\u20ac\t\n'],
      ['k', 'back\\slash'],
    ];
    for (const [k, v] of cases) {
      const line = formatEntry(k, v);
      expect(parseProperties(line).get(k)).toBe(v);
    }
    expect(formatEntry('k', 'é')).toBe('k=\\u00E9');
  });
});

describe('key=value arguments', () => {
  it('splits at the first = only', () => {
    expect(parseKeyValue('a=b=c', '--override')).toEqual(['a', 'b=c']);
  });
  it('rejects items without a key as a usage error', () => {
    expect(() => parseKeyValue('novalue', '--override')).toThrow(/--override expects key=value/);
    let caught: unknown;
    try {
      parseKeyValue('=x', '--override');
    } catch (e) {
      caught = e;
    }
    expect((caught as { exitCode?: number } | undefined)?.exitCode).toBe(2);
  });
});
