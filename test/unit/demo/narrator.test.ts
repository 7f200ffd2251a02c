import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { createNarrator, shellQuote } from '../../../src/demo/narrator.js';

describe('demo narrator', () => {
  it('shows commands so that they can be pasted into a shell', () => {
    expect(shellQuote('topics')).toBe('topics');
    expect(shellQuote('localhost:9092,localhost:9093')).toBe('localhost:9092,localhost:9093');
    expect(shellQuote('print.key=true')).toBe('print.key=true');
    expect(shellQuote('INSERT INTO orders VALUES (1)')).toBe(`'INSERT INTO orders VALUES (1)'`);
    expect(shellQuote(`it's`)).toBe(`'it'\\''s'`);
    expect(shellQuote('$HOME')).toBe(`'$HOME'`);
  });

  it('numbers steps, keeps every check and cuts long output', () => {
    const out: string[] = [];
    const n = createNarrator(new Chalk({ level: 0 }), (t) => out.push(t));
    n.step('start');
    n.command(['topics', '--list']);
    n.result({ code: 1, stdout: `${Array.from({ length: 25 }, (_, i) => `line ${i}`).join('\n')}\n`, stderr: 'error: boom\n' });
    expect(n.check('held', true)).toBe(true);
    expect(n.check('broken', false, 'why')).toBe(false);
    expect(out[0]).toBe('\n== Step 1: start');
    expect(out[1]).toBe('  $ kafka-lab topics --list');
    expect(out).toContain('   ... (5 more lines)');
    expect(out).toContain('   error: boom');
    expect(out.slice(-2)).toEqual(['  ✔ check: held', '  ✘ check failed: broken (why)']);
    expect(n.checks.map((c) => c.ok)).toEqual([true, false]);
  });
});
