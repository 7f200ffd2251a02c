/**
 * kafka-configs' options turned into a plan before anything connects, in the manner of Kafka's
 * ConfigCommandOptions: --describe or --alter, the entities (parseConfigEntities), a topic name
 * checked, and an --alter's changes parsed (--add-config, --add-config-file, --delete-config;
 * for users, clients and ips the quota or SCRAM change they make). The same checks and texts as
 * before, in the same order. Pure but for reading the --add-config-file named on the command line.
 */
import type { ConnectionArgs, ConnectionFlags } from '../client/connection.js';
import { readPropertiesFile } from '../config/properties.js';
import { KafkaLabError, UsageError } from '../errors.js';
import type { OutputFormat } from '../output/output.js';
import {
  type ClientConfigChange,
  type ConfigEntities,
  type ConfigEntityArgs,
  type EntityType,
  parseAddConfig,
  parseConfigEntities,
  planClientConfigChange,
} from './configs.js';
import { topicNameProblem } from './topic-rules.js';

export interface ConfigsArgs extends ConfigEntityArgs, ConnectionFlags {
  all?: boolean;
  force?: boolean;
  addConfig?: string[];
  addConfigFile?: string;
  deleteConfig?: string[];
  output?: OutputFormat;
}

interface Common {
  format: OutputFormat;
  connection: ConnectionArgs;
}

export type ConfigsPlan = Common &
  (
    | {
        /** configs of topics, brokers or broker loggers (DescribeConfigs) */
        action: 'describe';
        type: EntityType;
        /** none: every topic, or every broker and the cluster default; '' is the cluster default */
        name?: string;
        /** --all: every config with its source, not only those set dynamically */
        all: boolean;
      }
    | { action: 'alter'; type: EntityType; name: string; add: [string, string][]; del: string[] }
    | {
        /** users, clients and ips: quotas, and the SCRAM credentials of users */
        action: 'describe-clients';
        entities: ConfigEntities;
        /** users' SCRAM mechanisms are listed too (never for clients, ips or the default user) */
        withScram: boolean;
      }
    | { action: 'alter-clients'; entities: ConfigEntities; change: ClientConfigChange }
  );

export function configsPlan(a: ConfigsArgs): ConfigsPlan {
  if (Boolean(a.describe) === Boolean(a.alter))
    throw new UsageError('Command must include exactly one action: --describe, --alter', 'Example: kafka-lab configs --topic orders --describe');
  const entities = parseConfigEntities(a);
  const common: Common = {
    format: a.output ?? 'text',
    connection: { bootstrapServer: a.bootstrapServer, commandConfig: a.commandConfig, timeout: a.timeout, verbose: a.verbose },
  };
  const type = entities.types[0]!;
  if (type === 'users' || type === 'clients' || type === 'ips') {
    const changes = a.alter ? changesOf(a) : undefined;
    if (a.all) throw new UsageError('--all lists topic, broker and broker-logger configs only', 'Leave out --all for users, clients and ips.');
    if (changes) return { ...common, action: 'alter-clients', entities, change: planClientConfigChange(entities, changes.add, changes.del) };
    const withScram = !entities.types.includes('clients') && !entities.types.includes('ips') && !entities.names.includes('');
    return { ...common, action: 'describe-clients', entities, withScram };
  }
  const name: string | undefined = entities.names[0];
  if (type === 'topics' && name) {
    const problem = topicNameProblem(name);
    if (problem)
      throw new KafkaLabError(`Topic name is invalid: ${problem}`, { hint: "Topic names use ASCII letters, digits, '.', '_' and '-'.", kind: 'usage' });
  }
  // parseConfigEntities made sure an --alter names its entity ('' for a broker default)
  if (a.alter) return { ...common, action: 'alter', type, name: name!, ...changesOf(a) };
  return { ...common, action: 'describe', type, name, all: Boolean(a.all) };
}

/** --add-config / --add-config-file / --delete-config of an --alter, as Kafka parses them. */
function changesOf(a: ConfigsArgs): { add: [string, string][]; del: string[] } {
  let add: [string, string][] = [];
  if (a.addConfig?.length && a.addConfigFile) throw new UsageError('Only one of --add-config or --add-config-file must be specified', 'Use one of them.');
  try {
    for (const item of a.addConfig ?? []) add.push(...parseAddConfig(item));
  } catch (err) {
    throw new UsageError((err as Error).message, 'Example: --add-config retention.ms=86400000,cleanup.policy=[compact,delete]');
  }
  if (a.addConfigFile) add = [...readPropertiesFile(a.addConfigFile, '--add-config-file').toMap()];
  const del = (a.deleteConfig ?? [])
    .flatMap((d) => d.split(','))
    .map((d) => d.trim())
    .filter(Boolean);
  if (add.length === 0 && del.length === 0)
    throw new UsageError(
      'At least one of --add-config, --add-config-file, or --delete-config must be specified with --alter',
      'Example: --add-config retention.ms=86400000',
    );
  return { add, del };
}
