/**
 * Every command of kafka-lab, with its help group. Only metadata lives here: a command's
 * module (and whatever heavy library it needs) is imported when that command runs, so
 * `kafka-lab --help` and `--version` load nothing else.
 */
import type { CommandModule } from 'yargs';

export type CommandGroup = 'processes' | 'topics' | 'produce/consume' | 'groups' | 'configs' | 'cluster' | 'perf' | 'tools';

export const GROUP_TITLES: Record<CommandGroup, string> = {
  processes: 'Processes (ZooKeeper, brokers, engines)',
  topics: 'Topics',
  'produce/consume': 'Produce and consume',
  groups: 'Consumer groups',
  configs: 'Configs',
  cluster: 'Multi-broker labs',
  perf: 'Performance',
  tools: 'Tools',
};

export interface CommandSpec {
  name: string;
  /** Kafka script names that map here, e.g. kafka-topics.sh */
  aliases?: string[];
  group: CommandGroup;
  summary: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  load: () => Promise<{ default: CommandModule<any, any> }>;
}

export const COMMANDS: CommandSpec[] = [
  { name: 'config', group: 'configs', summary: 'print a configuration template (server, zookeeper, kraft/server, producer, consumer)', load: () => import('./config-print.js') },
];

export function findCommand(name: string): CommandSpec | undefined {
  const n = name.replace(/^bin\//, '');
  return COMMANDS.find((c) => c.name === n || c.aliases?.includes(n));
}
