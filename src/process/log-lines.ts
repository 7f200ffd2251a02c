/**
 * Kafka's log lines (`[date] LEVEL message (logger)`) made readable: the level coloured on a
 * TTY, and the "last relevant lines" of a log picked out for error reports.
 */
import type { ChalkInstance } from 'chalk';

const LINE = /^\[([^\]]+)\] (TRACE|DEBUG|INFO|WARN|ERROR|FATAL) (.*)$/;

export function colourLogLine(line: string, c: ChalkInstance): string {
  const m = LINE.exec(line);
  if (!m) return line;
  const [, date, level, rest] = m;
  const lvl = level === 'ERROR' || level === 'FATAL' ? c.red(level) : level === 'WARN' ? c.yellow(level) : level === 'INFO' ? c.green(level) : c.dim(level!);
  const loggerMatch = /^(.*) (\([^()]+\))$/.exec(rest!);
  const body = loggerMatch ? `${loggerMatch[1]} ${c.dim(loggerMatch[2]!)}` : rest!;
  return `${c.dim(`[${date}]`)} ${lvl} ${body}`;
}

/**
 * The lines that explain a failed start: ERROR/FATAL lines and the lines right after them
 * (exception names), else the last lines of the log.
 */
export function relevantLogLines(text: string, max = 8): string[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim().length > 0);
  const picked: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (/\] (ERROR|FATAL) /.test(l) || /^(\S+\.)+\S*(Exception|Error)\b/.test(l) || /^Caused by: /.test(l) || /^Error: /.test(l)) {
      if (!picked.includes(l)) picked.push(l.length > 300 ? `${l.slice(0, 300)}…` : l);
    }
  }
  const chosen = picked.length > 0 ? picked : lines.slice(-max);
  return chosen.slice(-max);
}
