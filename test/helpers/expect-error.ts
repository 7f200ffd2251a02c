/** The bad-input contract of docs/errors.md: one exact `error:` line, the hint, the exit code, never a stack trace. */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { RunResult } from './cli.js';

export function expectError(r: RunResult, exitCode: number, message: string | RegExp, hint?: string | RegExp): void {
  const all = `${r.stdout}\n${r.stderr}`;
  expect(all, 'stack trace printed').not.toMatch(/^\s+at /m);
  expect(r.exitCode, all).toBe(exitCode);
  const errorLines = r.stderr.split('\n').filter((l) => l.startsWith('error: '));
  if (typeof message === 'string') expect(errorLines, r.stderr).toContain(`error: ${message}`);
  else
    expect(
      errorLines.some((l) => message.test(l.slice('error: '.length))),
      r.stderr,
    ).toBe(true);
  if (hint !== undefined) {
    const hintLine = r.stderr.split('\n').find((l) => l.startsWith('hint: ')) ?? '';
    if (typeof hint === 'string') expect(hintLine).toBe(`hint: ${hint}`);
    else expect(hintLine).toMatch(hint);
  }
}

/** True while /proc shows the pid as a live (non-zombie) process. */
export function processAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}
