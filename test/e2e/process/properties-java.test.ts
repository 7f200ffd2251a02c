import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProperties, formatProperties } from '../../../src/config/properties.js';

// A tiny Java program printing what java.util.Properties#load reads, to compare with our parser.
const DUMPER = `
import java.util.*; import java.io.*;
public class Dump { public static void main(String[] a) throws Exception {
  Properties p = new Properties(); try (InputStream in = new FileInputStream(a[0])) { p.load(in); }
  TreeMap<String,String> m = new TreeMap<>(); for (String k : p.stringPropertyNames()) m.put(k, p.getProperty(k));
  StringBuilder sb = new StringBuilder();
  for (Map.Entry<String,String> e : m.entrySet()) { sb.append(hex(e.getKey())).append(' ').append(hex(e.getValue())).append('\\n'); }
  System.out.print(sb);
}
static String hex(String s) { StringBuilder b = new StringBuilder("x"); for (char c : s.toCharArray()) b.append(String.format("%04x", (int) c)); return b.toString(); } }
`;

function javaRead(text: string): Map<string, string> {
  const d = mkdtempSync(join(tmpdir(), 'kafka-lab-props-java-'));
  writeFileSync(join(d, 'Dump.java'), DUMPER);
  writeFileSync(join(d, 'in.properties'), Buffer.from(text, 'latin1'));
  const r = spawnSync('java', [join(d, 'Dump.java'), join(d, 'in.properties')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  const unhex = (h: string) => (h.slice(1).match(/.{4}/g) ?? []).map((x) => String.fromCharCode(parseInt(x, 16))).join('');
  return new Map(
    r.stdout
      .split('\n')
      .filter((l) => l)
      .map((l) => l.split(' ').map(unhex) as [string, string]),
  );
}

const CORPUS = [
  'a b c',
  'sep1=v',
  'sep2:v',
  'sep3 v',
  'sep4\tv',
  'sep5 = v',
  'sep6 : = v',
  'sep7   ',
  'sep8',
  '  indented.key  =  value with trailing   ',
  '# comment',
  '! comment',
  '   # indented comment',
  'not.comment=# value',
  'cont=first \\',
  '    second \\',
  '\tthird',
  'even=ends with \\\\',
  'after.even=1',
  'esc=\\t|\\n|\\r|\\f|\\u0041\\u00e9|\\q|\\\\|\\=|\\:',
  'key\\ with\\ spaces=1',
  'key\\=eq=2',
  'key\\:colon=3',
  'key\\#hash=4',
  'dup=first',
  'dup=second',
  'latin1=caf\u00e9',
  'empty.value=',
  'cont.in.key\\',
  '  .rest=joined',
  'last.line.no.newline=yes',
].join('\n');

describe('our properties parser agrees with java.util.Properties', () => {
  it('on every format rule at once', () => {
    const ours = parseProperties(CORPUS);
    const java = javaRead(CORPUS);
    expect(Object.fromEntries(ours)).toEqual(Object.fromEntries(java));
  });

  it('and Java reads back what our writer writes', () => {
    const values: [string, string][] = [
      ['k 1', ' lead'],
      ['a=b', 'x:y#z!'],
      ['u', '\u00e9\u20ac\t\n\\'],
      ['#k', '!v'],
    ];
    const java = javaRead(formatProperties(values, 'written by kafka-lab'));
    expect(Object.fromEntries(java)).toEqual(Object.fromEntries(values));
  });
});
