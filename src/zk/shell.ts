/**
 * The commands of Kafka's zookeeper-shell (ZooKeeperMain) that a lab needs — ls, get, stat —
 * with ZooKeeperMain's output formats, run against our ZkClient.
 */
import type { ZkClient, ZkStat } from './client.js';

export class ShellUsageError extends Error {}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** java.util.Date#toString: "EEE MMM dd HH:mm:ss zzz yyyy" in the local time zone. */
export function javaDateString(ms: number, timeZone?: string): string {
  const d = new Date(ms);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
      timeZoneName: 'short',
    })
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  ) as Record<string, string>;
  const month = MONTHS[Number(parts.month) - 1];
  const day = DAYS.includes(parts.weekday ?? '') ? parts.weekday : DAYS[d.getDay()];
  return `${day} ${month} ${parts.day} ${parts.hour}:${parts.minute}:${parts.second} ${parts.timeZoneName} ${parts.year}`;
}

const hex = (v: bigint) => `0x${(v < 0n ? v + (1n << 64n) : v).toString(16)}`;

/** ZooKeeper's StatPrinter lines. */
export function formatStat(s: ZkStat, timeZone?: string): string {
  return `${[
    `cZxid = ${hex(s.czxid)}`,
    `ctime = ${javaDateString(s.ctime, timeZone)}`,
    `mZxid = ${hex(s.mzxid)}`,
    `mtime = ${javaDateString(s.mtime, timeZone)}`,
    `pZxid = ${hex(s.pzxid)}`,
    `cversion = ${s.cversion}`,
    `dataVersion = ${s.version}`,
    `aclVersion = ${s.aversion}`,
    `ephemeralOwner = ${hex(s.ephemeralOwner)}`,
    `dataLength = ${s.dataLength}`,
    `numChildren = ${s.numChildren}`,
  ].join('\n')}\n`;
}

/** ZooKeeperMain's child list: sorted, "[a, b]". */
export function formatChildren(children: string[]): string {
  return `[${[...children].sort().join(', ')}]\n`;
}

export const SHELL_HELP = `${['ZooKeeper -server host:port cmd args', '\tget [-s] path', '\tls [-s] path', '\tstat path', '\thelp', '\tquit'].join('\n')}\n`;

/** Splits a command line on whitespace (ZooKeeperMain does not support quoting either). */
export function splitCommand(line: string): string[] {
  return line
    .trim()
    .split(/\s+/)
    .filter((w) => w.length > 0);
}

/** Runs one shell command; returns its stdout text. ZkError / ShellUsageError propagate. */
export async function runShellCommand(zk: ZkClient, words: string[], timeZone?: string): Promise<string> {
  const [cmd, ...rest] = words;
  const withStat = rest.includes('-s');
  const args = rest.filter((a) => a !== '-s' && a !== '-w');
  const path = args[0];
  switch (cmd) {
    case 'ls': {
      if (!path) throw new ShellUsageError('ls [-s] [-w] [-R] path');
      const { children, stat } = await zk.getChildren(path);
      return formatChildren(children) + (withStat ? formatStat(stat, timeZone) : '');
    }
    case 'get': {
      if (!path) throw new ShellUsageError('get [-s] [-w] path');
      const { data, stat } = await zk.getData(path);
      return `${data === null ? 'null' : data.toString('utf8')}\n${withStat ? formatStat(stat, timeZone) : ''}`;
    }
    case 'stat': {
      if (!path) throw new ShellUsageError('stat [-w] path');
      const { stat } = await zk.getData(path);
      return formatStat(stat, timeZone);
    }
    case 'help':
      return SHELL_HELP;
    default:
      throw new ShellUsageError(`unknown command '${cmd ?? ''}': this shell is read-only and knows ls, get, stat, help, quit`);
  }
}
