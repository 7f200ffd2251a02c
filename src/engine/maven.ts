/** Running Maven (engine and Connect plugin installs): output lines kept for error reports, progress reduced to artifact names. */
import { spawn } from 'node:child_process';
import { KafkaLabError } from '../errors.js';

/** Maven's own progress lines, reduced to the artifact name. */
export function progressFromMavenLine(line: string): string | undefined {
  const m = /Download(?:ing|ed) from \S+: \S+\/([^/\s]+\.(?:jar|pom|tar\.gz|zip))/.exec(line);
  return m ? `downloading ${m[1]}` : undefined;
}

/** The [ERROR] lines that say something (not Maven's boilerplate), at most `max`. */
export function mavenErrorLines(lines: string[], max = 3): string[] {
  return lines
    .filter((l) => l.startsWith('[ERROR]'))
    .map((l) => l.replace(/^\[ERROR\]\s*/, '').replace(/ -> \[Help 1\]$/, ''))
    .filter((l) => l.length > 0 && !/^(To see the full|Re-run Maven|For more information|\[Help \d+\])/.test(l))
    .slice(0, max);
}

/** Runs mvn in batch mode with args; resolves with its exit code and the last 400 lines it printed. */
export function runMaven(
  args: string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv; onProgress?: (text: string) => void; missingHint: string },
): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  return new Promise((resolve, reject) => {
    const child = spawn('mvn', ['-B', ...args], { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let pending = '';
    const onData = (d: string) => {
      pending += d;
      const parts = pending.split('\n');
      pending = parts.pop() ?? '';
      for (const l of parts) {
        lines.push(l);
        if (lines.length > 400) lines.shift();
        const p = progressFromMavenLine(l);
        if (p) opts.onProgress?.(p);
      }
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', onData);
    child.on('error', (err: NodeJS.ErrnoException) =>
      reject(
        new KafkaLabError(err.code === 'ENOENT' ? 'Maven (mvn) not found on PATH' : `cannot run mvn: ${err.message}`, {
          kind: 'process',
          hint: opts.missingHint,
        }),
      ),
    );
    child.on('close', (c) => {
      if (pending) lines.push(pending);
      resolve({ code: c ?? 1, lines });
    });
  });
}
