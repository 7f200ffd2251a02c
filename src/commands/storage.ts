import { loadServerConfig, randomClusterId, resolveEngine } from '../engine/index.js';
import { KafkaLabError, UsageError } from '../errors.js';
import { out, write } from '../output/output.js';
import { defineCommand } from './types.js';

const ACTIONS = ['random-uuid', 'format', 'info'] as const;

export interface StorageArgv {
  action?: (typeof ACTIONS)[number];
  clusterId?: string;
  config?: string;
  standalone?: boolean;
  /** false for --no-initial-controllers (yargs reads the negation that way) */
  initialControllers?: string | boolean;
  ignoreFormatted?: boolean;
  releaseVersion?: string;
  addScram?: (string | number)[];
  feature?: (string | number)[];
  engine?: string;
}

/** random-uuid needs no JVM; format and info run kafka-storage (StorageTool) with these arguments after `--config FILE`. */
export type StoragePlan = { action: 'random-uuid' } | { action: 'format' | 'info'; config: string; toolArgs: string[]; engineVersion?: string };

export function storagePlan(argv: StorageArgv): StoragePlan {
  const action = argv.action;
  if (action === 'random-uuid') return { action };
  if (action !== 'format' && action !== 'info')
    throw new UsageError('storage needs an action: random-uuid, format or info', 'Example: kafka-lab storage random-uuid');
  if (!argv.config) throw new UsageError(`storage ${action} needs --config (-c) FILE`, `Example: kafka-lab storage ${action} -c server.properties`);
  const toolArgs: string[] = [];
  if (action === 'format') {
    if (!argv.clusterId) throw new UsageError('storage format needs --cluster-id (-t) ID', 'Get one with: kafka-lab storage random-uuid');
    toolArgs.push('--cluster-id', argv.clusterId);
    if (argv.standalone) toolArgs.push('--standalone');
    if (argv.initialControllers === false) toolArgs.push('--no-initial-controllers');
    else if (argv.initialControllers) toolArgs.push('--initial-controllers', String(argv.initialControllers));
    if (argv.ignoreFormatted) toolArgs.push('--ignore-formatted');
    if (argv.releaseVersion) toolArgs.push('--release-version', argv.releaseVersion);
    for (const s of argv.addScram ?? []) toolArgs.push('--add-scram', String(s));
    for (const f of argv.feature ?? []) toolArgs.push('--feature', String(f));
  }
  return { action, config: argv.config, toolArgs, engineVersion: argv.engine };
}

export default defineCommand({
  command: 'storage <action>',
  describe: 'KRaft storage like kafka-storage.sh: random-uuid, format, info',
  builder: (y) =>
    y
      .positional('action', { choices: ACTIONS, describe: 'what to do' })
      .option('cluster-id', { alias: 't', type: 'string', describe: 'format: the cluster id (kafka-lab storage random-uuid)' })
      .option('config', { alias: 'c', type: 'string', describe: 'format, info: the KRaft server config' })
      .option('standalone', { alias: 's', type: 'boolean', describe: 'format: this controller alone is the initial (dynamic) quorum' })
      .option('initial-controllers', {
        alias: 'I',
        type: 'string',
        describe: 'format: id@host:port:directoryId,... of the initial controllers (--no-initial-controllers too)',
      })
      .option('ignore-formatted', { alias: 'g', type: 'boolean', describe: 'format: skip directories already formatted' })
      .option('release-version', { alias: 'r', type: 'string', describe: 'format: metadata.version to format with' })
      .option('add-scram', { alias: 'S', type: 'string', array: true, describe: 'format: SCRAM credentials to add (passed to kafka-storage)' })
      .option('feature', { alias: 'f', type: 'string', array: true, describe: 'format: feature=level (passed to kafka-storage)' })
      .option('engine', { type: 'string', describe: 'Kafka version whose kafka-storage to run' })
      .example('kafka-lab storage random-uuid', 'a new cluster id')
      .example(
        'kafka-lab storage format --standalone -t $(kafka-lab storage random-uuid) -c server.properties',
        'format a KRaft node (server-start does this on first start)',
      )
      .example('kafka-lab storage info -c server.properties', 'show the state of its log directories'),
  handler: async (argv) => {
    const plan = storagePlan(argv);
    if (plan.action === 'random-uuid') {
      out(randomClusterId());
      return;
    }
    const config = loadServerConfig(plan.config, 'config file');
    const engine = await resolveEngine({ version: plan.engineVersion });
    const r = await engine.runTool('kafka.tools.StorageTool', [plan.action, '--config', config.path, ...plan.toolArgs], { timeoutMs: 120_000 });
    if (r.stdout) write(r.stdout);
    if (r.exitCode !== 0) {
      const lines = r.stderr.split('\n').filter((l) => l.trim() && !/^\s+at /.test(l) && !/^\[.*\] (WARN|INFO)/.test(l));
      const first = lines[0] ?? `kafka-storage ${plan.action} failed`;
      throw new KafkaLabError(first.replace(/^[\w.$]+Exception: /, ''), {
        kind: 'process',
        hint: storageHint(plan.action, first, { configFile: String(argv.config), clusterId: argv.clusterId, engine: argv.engine }),
        details: lines.slice(1, 5),
        exitCode: r.exitCode,
      });
    }
  },
});

/** The hint for a kafka-storage failure: what to type next, from Kafka's own message. */
export function storageHint(action: string, message: string, typed: { configFile: string; clusterId?: string; engine?: string }): string {
  const engine = typed.engine ? ` --engine ${typed.engine}` : '';
  const id = typed.clusterId ?? '$(kafka-lab storage random-uuid)';
  if (action !== 'format') return `Format it with: kafka-lab storage format -t <id> -c ${typed.configFile}${engine}`;
  if (/controller\.quorum\.voters is not set on this controller/.test(message))
    return `This config names its quorum with controller.quorum.bootstrap.servers (a dynamic quorum): format its first controller with --standalone: kafka-lab storage format --standalone -t ${id} -c ${typed.configFile}${engine}`;
  if (/appears to be for a legacy cluster/.test(message))
    return 'This is a ZooKeeper-mode config (no process.roles): it needs no formatting; for KRaft start from kafka-lab config print kraft/server.';
  if (/is already formatted/.test(message)) return `Add --ignore-formatted (-g) to skip it; kafka-lab storage info -c ${typed.configFile} shows what is there.`;
  if (/only use --standalone on a controller/.test(message))
    return `A broker-only node joins an existing quorum: format it without --standalone: kafka-lab storage format -t ${id} -c ${typed.configFile}${engine}`;
  return `kafka-lab storage info -c ${typed.configFile} shows what is already there.`;
}
