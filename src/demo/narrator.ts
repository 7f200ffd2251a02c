/**
 * How both demos speak: numbered steps, each command shown as a user would type it, its output
 * indented (long output cut), and checks marked held or failed. The checks are kept so that the
 * demo's exit code says whether every claim held.
 */
import type { ChalkInstance } from 'chalk';

export interface DemoCheck {
  name: string;
  ok: boolean;
  detail?: string;
}

/** What a kafka-lab command run by a demo gave. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** An argument as a POSIX shell needs it, so that a shown command can be pasted. */
export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function createNarrator(c: ChalkInstance, write: (text: string) => void, opts: { showElapsed?: boolean } = {}) {
  const started = Date.now();
  const checks: DemoCheck[] = [];
  let stepNo = 0;
  const show = (text: string, max = 20) => {
    const lines = text
      .replace(/\s+$/, '')
      .split('\n')
      .filter((l) => l.length > 0);
    for (const l of lines.slice(0, max)) write(c.dim('   ') + l);
    if (lines.length > max) write(c.dim(`   ... (${lines.length - max} more lines)`));
  };
  return {
    checks,
    show,
    /** seconds since the demo started */
    elapsed: () => Math.round((Date.now() - started) / 1000),
    step(title: string): void {
      const elapsed = opts.showElapsed ? ` ${c.dim(`(${Math.round((Date.now() - started) / 1000)} s)`)}` : '';
      write(`\n${c.bold.cyan(`== Step ${++stepNo}: ${title}`)}${elapsed}`);
    },
    check(name: string, ok: boolean, detail?: string): boolean {
      checks.push({ name, ok, detail });
      write(`${ok ? c.green('  ✔ check:') : c.red('  ✘ check failed:')} ${name}${detail ? c.dim(` (${detail})`) : ''}`);
      return ok;
    },
    /** shows the command line about to run */
    command(args: string[]): void {
      write(c.yellow(`  $ kafka-lab ${args.map(shellQuote).join(' ')}`));
    },
    /** shows what a command printed: its output, and its error output when it failed */
    result(r: CliResult, opts: { quiet?: boolean; max?: number } = {}): void {
      if (!opts.quiet) show(r.stdout, opts.max);
      if (r.code !== 0) show(r.stderr, 15);
    },
  };
}
