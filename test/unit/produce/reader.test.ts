import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readLineBatches, readLines } from '../../../src/produce/line-reader.js';
import { parseLine, readerOptions, ReaderError } from '../../../src/produce/reader-properties.js';

const opts = (p: Record<string, string> = {}) => readerOptions(new Map(Object.entries(p)));
const show = (b: Buffer | null) => (b === null ? null : b.toString('utf8'));

describe('line reader', () => {
  it('splits on \\n, \\r\\n and \\r like readLine, across chunks, keeping bytes', async () => {
    const chunks = [Buffer.from('a\r'), Buffer.from('\nb\rc\n\n'), Buffer.from([0xff, 0x0a, 0x64])];
    const lines: Buffer[] = [];
    for await (const l of readLines(Readable.from(chunks))) lines.push(l);
    expect(lines.map((l) => l.toString('latin1'))).toEqual(['a', 'b', 'c', '', '\xff', 'd']);
  });

  it('hands out the lines of each chunk together, joining a line split across chunks', async () => {
    const chunks = [Buffer.from('one\ntw'), Buffer.from('o\nthr'), Buffer.from('ee'), Buffer.from('\nfour\nfive')];
    const batches: string[][] = [];
    for await (const b of readLineBatches(Readable.from(chunks))) batches.push(b.map((l) => l.toString()));
    expect(batches).toEqual([['one'], ['two'], ['three', 'four'], ['five']]);
  });
});

describe("Kafka's LineMessageReader properties", () => {
  it('is value-only by default', () => {
    const r = parseLine(Buffer.from('a\tb'), 1, opts());
    expect([show(r.key), show(r.value)]).toEqual([null, 'a\tb']);
  });
  it('parses keys; the value keeps further separators', () => {
    const r = parseLine(Buffer.from('k:v:w'), 1, opts({ 'parse.key': 'true', 'key.separator': ':' }));
    expect([show(r.key), show(r.value)]).toEqual(['k', 'v:w']);
  });
  it("fails on a missing key separator with Kafka's message, or keeps the line as value with ignore.error", () => {
    expect(() => parseLine(Buffer.from('abc'), 3, opts({ 'parse.key': 'true' }))).toThrow("No key separator found on line number 3: 'abc'");
    const r = parseLine(Buffer.from('abc'), 3, opts({ 'parse.key': 'true', 'ignore.error': 'true' }));
    expect([show(r.key), show(r.value)]).toEqual([null, 'abc']);
  });
  it('parses headers, keys and null markers', () => {
    const o = opts({ 'parse.headers': 'true', 'parse.key': 'true', 'null.marker': 'NULL' });
    const r = parseLine(Buffer.from('h1:v1,h2:NULL\tNULL\tval'), 1, o);
    expect(r.headers.map((h) => [h.key, show(h.value)])).toEqual([
      ['h1', 'v1'],
      ['h2', null],
    ]);
    expect([show(r.key), show(r.value)]).toEqual([null, 'val']);
    expect(parseLine(Buffer.from('NULL\tk\tNULL'), 1, o).headers).toEqual([]);
    expect(show(parseLine(Buffer.from('h:1\tk\tNULL'), 1, o).value)).toBeNull();
    expect(() => parseLine(Buffer.from('NULL:1\tk\tv'), 1, o)).toThrow("Header keys should not be equal to the null marker 'NULL' as they can't be null");
    expect(() => parseLine(Buffer.from('x\tk\tv'), 4, o)).toThrow("No header key separator found in pair 'x' on line number 4");
    expect(() => parseLine(Buffer.from('no-delimiter'), 5, o)).toThrow("No headers delimiter found on line number 5: 'no-delimiter'");
  });
  it('treats headers.separator as a regular expression', () => {
    const r = parseLine(Buffer.from('a:1;b:2|c:3\tv'), 1, opts({ 'parse.headers': 'true', 'headers.separator': '[;|]' }));
    expect(r.headers.map((h) => h.key)).toEqual(['a', 'b', 'c']);
  });
  it("rejects conflicting settings with Kafka's messages, and unknown properties", () => {
    expect(() => opts({ 'parse.headers': 'true', 'headers.separator': '\t' })).toThrow('headers.delimiter and headers.separator may not be equal');
    expect(() => opts({ 'null.marker': '\t' })).toThrow('null.marker and key.separator may not be equal');
    expect(() => opts({ 'parse.kee': 'true' })).toThrow(ReaderError);
  });
  it('keeps non-UTF-8 bytes', () => {
    const r = parseLine(Buffer.from([0x6b, 0x09, 0xfe, 0xff]), 1, opts({ 'parse.key': 'true' }));
    expect([...r.value!]).toEqual([0xfe, 0xff]);
  });
});
