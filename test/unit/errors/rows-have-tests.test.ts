/**
 * Every row of docs/errors.md has its test: the row's id (E01, K03, S20 ...) appears in a test
 * file's test name or comment, so a row cannot be added, or a test dropped, without the other.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..', '..');
const catalogue = readFileSync(join(root, 'docs', 'errors.md'), 'utf8');
const rowIds = [...catalogue.matchAll(/^\| ([A-Z]\d{2}) \|/gm)].map((m) => m[1]!);

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? testFiles(join(dir, e.name)) : e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [],
  );
}
const tests = testFiles(join(root, 'test'))
  .map((f) => readFileSync(f, 'utf8'))
  .join('\n');

describe('docs/errors.md', () => {
  it('has rows', () => {
    expect(rowIds.length).toBeGreaterThan(100);
  });
  it('names each row id once', () => {
    expect(rowIds.filter((id, i) => rowIds.indexOf(id) !== i)).toEqual([]);
  });
  it('has a test for every row', () => {
    expect(rowIds.filter((id) => !new RegExp(`\\b${id}\\b`).test(tests))).toEqual([]);
  });
});
