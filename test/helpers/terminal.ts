/**
 * Runs kafka-lab in a real terminal (a tmux pane) so that tests can press Ctrl-C the way a user
 * does: the terminal turns the key into SIGINT for the foreground process group, which only
 * works while the terminal keeps ISIG (a spinner library in raw mode swallows it).
 *
 * A small wrapper in the pane starts kafka-lab in the pane's foreground group, ignores SIGINT
 * itself and writes kafka-lab's exit code (128 + signal number when a signal ended it) and pid
 * to a file. Each terminal has its own tmux server (socket in a temp folder), killed on close.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN } from './cli.js';

const WRAPPER = `
const { spawn } = require('node:child_process');
const { writeFileSync, readFileSync } = require('node:fs');
const { constants } = require('node:os');
const [result, envFile, ...args] = process.argv.slice(2);
const env = { ...process.env, ...JSON.parse(readFileSync(envFile, 'utf8')) };
for (const [name, value] of Object.entries(env)) if (value === null) delete env[name];
process.on('SIGINT', () => {});
const child = spawn(process.execPath, args, { stdio: 'inherit', env });
writeFileSync(result + '.pid', String(child.pid));
child.on('exit', (code, signal) => {
  writeFileSync(result, JSON.stringify({ code: code ?? 128 + constants.signals[signal], signal }));
});
`;

export interface TerminalRun {
  /** the pid of the kafka-lab process */
  pid(): number | undefined;
  /** what the pane shows now */
  screen(): string;
  /** waits until the pane shows text (a string or a pattern); throws after timeoutMs with the screen */
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<string>;
  /** presses Ctrl-C in the pane */
  ctrlC(): void;
  /** waits for kafka-lab to end; its exit code */
  exitCode(timeoutMs?: number): Promise<number>;
  close(): void;
}

function tmux(socket: string, args: string[]): string {
  const r = spawnSync('tmux', ['-S', socket, ...args], { encoding: 'utf8' });
  if (r.error) throw new Error(`tmux is needed for this test (apt-get install tmux): ${r.error.message}`);
  return r.stdout;
}

/** kafka-lab <args> in a fresh 160x50 terminal. */
export function runInTerminal(args: string[], env: NodeJS.ProcessEnv = {}, cwd = process.cwd()): TerminalRun {
  const dir = mkdtempSync(join(tmpdir(), 'kafka-lab-tty-'));
  const socket = join(dir, 'tmux.sock');
  const wrapper = join(dir, 'wrapper.cjs');
  const result = join(dir, 'result.json');
  const envFile = join(dir, 'env.json');
  writeFileSync(wrapper, WRAPPER);
  // a user's terminal, also on a CI machine: CI set turns spinners off (ours and ora's), so it is removed
  writeFileSync(envFile, JSON.stringify({ FORCE_COLOR: '0', CI: null, ...env }));
  const quote = (a: string) => `'${a.replace(/'/g, `'\\''`)}'`;
  const line = [process.execPath, wrapper, result, envFile, BIN, ...args].map(quote).join(' ');
  // the pane stays after the command ends, so that its last screen can still be read
  tmux(socket, ['new-session', '-d', '-x', '160', '-y', '50', '-c', cwd, `${line}; sleep 600`]);
  const screen = () => tmux(socket, ['capture-pane', '-p', '-S', '-200']);
  return {
    pid: () => (existsSync(`${result}.pid`) ? Number(readFileSync(`${result}.pid`, 'utf8')) : undefined),
    screen,
    async waitFor(text, timeoutMs = 90_000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const s = screen();
        if (typeof text === 'string' ? s.includes(text) : text.test(s)) return s;
        if (existsSync(result) || Date.now() > end) throw new Error(`the terminal never showed ${String(text)}; it shows:\n${s}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    ctrlC: () => {
      tmux(socket, ['send-keys', 'C-c']);
    },
    async exitCode(timeoutMs = 60_000) {
      const end = Date.now() + timeoutMs;
      while (!existsSync(result)) {
        if (Date.now() > end) throw new Error(`kafka-lab did not end within ${timeoutMs} ms; the terminal shows:\n${screen()}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      return (JSON.parse(readFileSync(result, 'utf8')) as { code: number }).code;
    },
    close: () => {
      spawnSync('tmux', ['-S', socket, 'kill-server']);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Pids of live processes whose command line mentions text (e.g. a lab folder): what is left running. */
export function processesMentioning(text: string): number[] {
  const pids: number[] = [];
  for (const p of readdirSync('/proc')) {
    if (!/^\d+$/.test(p) || Number(p) === process.pid) continue;
    try {
      const cmd = readFileSync(`/proc/${p}/cmdline`, 'utf8');
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      // the terminal's own processes (tmux, the shell running the wrapper) name the folder too
      const ours = cmd.startsWith('tmux') || cmd.includes('wrapper.cjs');
      if (cmd.includes(text) && !ours && stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z') pids.push(Number(p));
    } catch {
      /* gone meanwhile */
    }
  }
  return pids;
}
