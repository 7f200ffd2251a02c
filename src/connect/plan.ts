/**
 * `kafka-lab connect <action> ...` parsed into a plan: pure, so that every usage mistake is
 * a unit-tested one-line error before anything is sent to a worker.
 */
import { UsageError } from '../errors.js';
import { nearest } from '../util/suggest.js';
import { DEFAULT_CONNECT_URL } from './rest.js';

export const CONNECT_ACTIONS = [
  'info',
  'plugins',
  'list',
  'describe',
  'apply',
  'patch',
  'pause',
  'resume',
  'stop',
  'restart',
  'delete',
  'offsets',
  'loggers',
  'top',
] as const;
export type ConnectAction = (typeof CONNECT_ACTIONS)[number];

export interface ConnectFlags {
  file?: string;
  name?: string;
  dryRun?: boolean;
  wait?: number;
  trace?: boolean;
  failedOnly?: boolean;
  task?: number;
  all?: boolean;
  scope?: string;
  interval?: number;
  iterations?: number;
}

export type ConnectPlan =
  | { action: 'info' | 'list' }
  | { action: 'plugins'; all: boolean }
  | { action: 'describe'; name: string; trace: boolean }
  | { action: 'apply'; file: string; name?: string; dryRun: boolean; waitMs?: number }
  | { action: 'patch'; name: string; pairs: string[]; file?: string }
  | { action: 'pause' | 'resume' | 'stop' | 'delete'; name: string }
  | { action: 'restart'; name: string; failedOnly: boolean; task?: number }
  | { action: 'offsets'; sub: 'get' | 'reset'; name: string }
  | { action: 'loggers'; set?: { logger: string; level: string; scope: 'worker' | 'cluster' } }
  | { action: 'top'; intervalMs: number; iterations?: number };

const LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL', 'OFF'];

function needName(action: string, args: string[], example = `kafka-lab connect ${action} my-connector`): string {
  const name = args[0];
  if (!name) throw new UsageError(`connect ${action} needs a connector name`, `Example: ${example}`);
  return name;
}

export function parseConnectPlan(actionText: string | undefined, args: string[], f: ConnectFlags): ConnectPlan {
  if (!actionText) throw new UsageError('connect needs an action', `Actions: ${CONNECT_ACTIONS.join(', ')}`);
  const action = actionText as ConnectAction;
  if (!CONNECT_ACTIONS.includes(action)) {
    const guess = nearest(actionText, CONNECT_ACTIONS);
    throw new UsageError(
      `unknown action '${actionText}' for 'connect'`,
      guess ? `did you mean 'kafka-lab connect ${guess}'? (actions: ${CONNECT_ACTIONS.join(', ')})` : `Actions: ${CONNECT_ACTIONS.join(', ')}`,
    );
  }
  switch (action) {
    case 'info':
    case 'list':
      return { action };
    case 'plugins':
      return { action, all: Boolean(f.all) };
    case 'describe':
      return { action, name: needName(action, args), trace: Boolean(f.trace) };
    case 'apply': {
      const file = f.file ?? args[0];
      if (!file)
        throw new UsageError('connect apply needs a connector file (-f FILE)', 'Example: kafka-lab connect apply -f file-source.json (JSON or .properties)');
      if (f.wait !== undefined && (!Number.isFinite(f.wait) || f.wait < 0))
        throw new UsageError(`--wait expects milliseconds, got ${f.wait}`, 'Example: --wait 30000');
      return { action, file, name: f.name, dryRun: Boolean(f.dryRun), waitMs: f.wait };
    }
    case 'patch': {
      const name = needName(action, args, 'kafka-lab connect patch my-connector tasks.max=2');
      const pairs = args.slice(1);
      if (pairs.length === 0 && !f.file)
        throw new UsageError('connect patch needs key=value pairs or -f FILE', 'Example: kafka-lab connect patch my-connector tasks.max=2');
      return { action, name, pairs, file: f.file };
    }
    case 'pause':
    case 'resume':
    case 'stop':
    case 'delete':
      return { action, name: needName(action, args) };
    case 'restart': {
      const name = needName(action, args);
      if (f.task !== undefined && (!Number.isInteger(f.task) || f.task < 0))
        throw new UsageError(`--task expects a task number, got ${f.task}`, 'Example: --task 0');
      if (f.task !== undefined && f.failedOnly)
        throw new UsageError('--task and --failed-only cannot be used together', 'Pick one: --task N restarts one task, --failed-only every failed one.');
      return { action, name, failedOnly: Boolean(f.failedOnly), task: f.task };
    }
    case 'offsets': {
      const sub = args[0];
      if (sub !== 'get' && sub !== 'reset')
        throw new UsageError(
          sub ? `unknown offsets action '${sub}'` : 'connect offsets needs get or reset',
          'Example: kafka-lab connect offsets get my-connector',
        );
      return { action, sub, name: needName(`offsets ${sub}`, args.slice(1)) };
    }
    case 'loggers': {
      if (args.length === 0) return { action };
      if (args[0] !== 'set')
        throw new UsageError(`unknown loggers action '${args[0]}'`, 'Example: kafka-lab connect loggers set org.apache.kafka.connect DEBUG');
      const [, logger, levelText] = args;
      if (!logger || !levelText)
        throw new UsageError('connect loggers set needs a logger and a level', 'Example: kafka-lab connect loggers set org.apache.kafka.connect DEBUG');
      const level = levelText.toUpperCase();
      if (!LEVELS.includes(level)) throw new UsageError(`'${levelText}' is not a log level`, `Levels: ${LEVELS.join(', ')}`);
      const scope = (f.scope ?? 'worker') as 'worker' | 'cluster';
      if (scope !== 'worker' && scope !== 'cluster') throw new UsageError(`--scope must be worker or cluster, got ${f.scope}`, 'Example: --scope cluster');
      return { action, set: { logger, level, scope } };
    }
    case 'top': {
      const intervalMs = f.interval ?? 2000;
      if (!Number.isFinite(intervalMs) || intervalMs < 200)
        throw new UsageError(`--interval must be at least 200 ms, got ${f.interval}`, 'Example: --interval 1000');
      if (f.iterations !== undefined && (!Number.isInteger(f.iterations) || f.iterations < 1))
        throw new UsageError(`--iterations expects a positive number, got ${f.iterations}`, 'Example: --iterations 5');
      return { action, intervalMs, iterations: f.iterations };
    }
  }
}

/** --url, else the lab profile's connectUrl, else $KAFKA_CONNECT_URL, else http://localhost:8083. */
export function resolveConnectUrl(flag: string | undefined, profileUrl: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag ?? profileUrl ?? env.KAFKA_CONNECT_URL ?? DEFAULT_CONNECT_URL;
}
