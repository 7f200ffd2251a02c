/**
 * Flags from older Kafka versions that courses and blog posts still show. Where Kafka 3.9 still
 * takes one, kafka-lab's command takes it too (accepted: the command declares it, hidden);
 * where Kafka removed it, the CLI layer answers an unknown-option error with what replaced it
 * and the same command line rewritten.
 */
import { UsageError } from './errors.js';
import { shellWord } from './kafka-scripts.js';

export interface LegacyFlag {
  flag: string;
  /** kafka-lab commands (canonical names) on which old command lines use it */
  commands: readonly string[];
  /** what to say about it: when and why it went */
  gone: string;
  /** the replacement: flag and value put in place of the legacy flag and its value; undefined: drop it */
  replacement?: string;
  /** the legacy flag is followed by a value (dropped or replaced with it) */
  takesValue: boolean;
  /** Kafka 3.9 still accepts it and so does kafka-lab's command (documentation; never answered as an error) */
  accepted?: boolean;
  /** a hint of its own, where a rewritten command line cannot say it */
  hint?: string;
}

const BOOTSTRAP = '--bootstrap-server localhost:9092';

export const LEGACY_FLAGS: readonly LegacyFlag[] = [
  {
    flag: '--zookeeper',
    commands: ['topics'],
    gone: 'Kafka 3.0 removed it, kafka-topics connects to a broker',
    replacement: BOOTSTRAP,
    takesValue: true,
  },
  {
    flag: '--zookeeper',
    commands: ['console-consumer', 'consumer-groups', 'consumer-perf-test'],
    gone: 'it went with the old ZooKeeper-based consumer in Kafka 2.0, consumers connect to a broker',
    replacement: BOOTSTRAP,
    takesValue: true,
  },
  {
    flag: '--zookeeper',
    commands: ['configs'],
    gone: 'deprecated in Kafka 3 and removed in 4.0, kafka-lab configs talks to the brokers',
    replacement: BOOTSTRAP,
    takesValue: true,
  },
  {
    flag: '--zookeeper',
    commands: ['delete-records', 'get-offsets', 'console-producer', 'producer-perf-test', 'broker-api-versions', 'reassign-partitions', 'leader-election'],
    gone: 'client tools connect to a broker, not to ZooKeeper',
    replacement: BOOTSTRAP,
    takesValue: true,
  },
  {
    flag: '--broker-list',
    commands: ['topics', 'console-consumer', 'consumer-groups', 'configs', 'delete-records'],
    gone: 'the broker address goes in --bootstrap-server',
    replacement: '--bootstrap-server',
    takesValue: false,
  },
  {
    flag: '--new-consumer',
    commands: ['console-consumer', 'consumer-groups', 'consumer-perf-test'],
    gone: 'Kafka 2.0 removed it (KIP-176), every consumer is the new one',
    takesValue: false,
  },
  {
    flag: '--blacklist',
    commands: ['console-consumer'],
    gone: 'it went with the old consumer in Kafka 2.0',
    takesValue: true,
    hint: "Name the topics to read with --include REGEX instead; a regular expression can leave some out, e.g. --include '^(?!internal-).*'",
  },
  { flag: '--broker-list', commands: ['console-producer'], gone: 'deprecated alias of --bootstrap-server', takesValue: true, accepted: true },
  {
    flag: '--broker-list',
    commands: ['consumer-perf-test'],
    gone: 'deprecated alias of --bootstrap-server (Kafka 4.0 removed it)',
    takesValue: true,
    accepted: true,
  },
  { flag: '--broker-list', commands: ['get-offsets'], gone: 'deprecated alias of --bootstrap-server', takesValue: true, accepted: true },
  { flag: '--whitelist', commands: ['console-consumer'], gone: 'deprecated alias of --include (Kafka 4.0 removed it)', takesValue: true, accepted: true },
  { flag: '--threads', commands: ['consumer-perf-test'], gone: 'deprecated and ignored (Kafka 4.0 removed it)', takesValue: true, accepted: true },
  { flag: '--num-fetch-threads', commands: ['consumer-perf-test'], gone: 'deprecated and ignored (Kafka 4.0 removed it)', takesValue: true, accepted: true },
];

/** The removed legacy flag this command line uses on this command, if any. */
export function legacyFlag(command: string, flag: string): LegacyFlag | undefined {
  const name = flag.replace(/=.*$/, '');
  return LEGACY_FLAGS.find((l) => !l.accepted && l.flag === name && l.commands.includes(command));
}

/** The usage error for the first removed legacy flag of a command line (argv: after the command name). */
export function legacyFlagError(command: string, argv: string[]): UsageError | undefined {
  const end = argv.indexOf('--');
  for (const a of end < 0 ? argv : argv.slice(0, end)) {
    const legacy = legacyFlag(command, a);
    if (legacy)
      return new UsageError(`${legacy.flag} is not an option of '${command}': ${legacy.gone}`, legacy.hint ?? `Try: ${rewriteLegacy(command, argv, legacy)}`);
  }
  return undefined;
}

/** The command line with the legacy flag (and its value) replaced, as the user can paste it. */
export function rewriteLegacy(command: string, argv: string[], legacy: LegacyFlag): string {
  const out: string[] = [];
  let replaced = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === legacy.flag || a.startsWith(`${legacy.flag}=`)) {
      if (legacy.takesValue && a === legacy.flag) i++;
      // --broker-list HOST:PORT keeps its value after the new flag; --zookeeper's value means nothing to a broker
      if (legacy.replacement && !replaced && !(legacy.replacement.startsWith('--bootstrap-server') && argv.includes('--bootstrap-server'))) {
        if (!legacy.takesValue && a.includes('=')) out.push(`${legacy.replacement}=${a.slice(a.indexOf('=') + 1)}`);
        else out.push(...legacy.replacement.split(' '));
      }
      replaced = true;
      continue;
    }
    out.push(a);
  }
  return `kafka-lab ${command} ${out.map(shellWord).join(' ')}`.trimEnd();
}
