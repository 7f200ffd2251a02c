import { existsSync } from 'node:fs';
import { CONNECT_PLUGIN_PATH_TOOL } from '../connect/worker-plan.js';
import { resolveEngine } from '../engine/index.js';
import { UsageError } from '../errors.js';
import { setExitCode, write, writeErr } from '../output/output.js';
import { pluginsDir } from '../paths.js';
import { defineCommand } from './types.js';

export default defineCommand({
  command: 'connect-plugin-path <subcommand>',
  describe: "Kafka's connect-plugin-path tool (org.apache.kafka.tools.ConnectPluginPath): list plugins, sync-manifests for plugin.discovery=service_load",
  builder: (y) =>
    y
      .positional('subcommand', { choices: ['list', 'sync-manifests'] as const, describe: 'list the plugins, or add missing ServiceLoader manifests' })
      .option('plugin-path', { type: 'string', array: true, describe: 'a plugin.path folder (repeatable; default: kafka-lab’s plugin folder)' })
      .option('plugin-location', { type: 'string', array: true, describe: 'one plugin folder or jar (repeatable)' })
      .option('worker-config', { type: 'string', array: true, describe: 'read plugin.path from a worker config (repeatable)' })
      .option('dry-run', { type: 'boolean', default: false, describe: 'sync-manifests: show what would change' })
      .option('keep-not-found', { type: 'boolean', default: false, describe: 'sync-manifests: keep manifests whose classes are missing' })
      .option('engine', { type: 'string', describe: 'Kafka version whose tool runs (default: the default engine)' })
      .example('kafka-lab connect-plugin-path list', 'every plugin in kafka-lab’s plugin folder, with its manifest state')
      .example('kafka-lab connect-plugin-path sync-manifests --plugin-path ~/.kafka-lab/plugins', 'so that plugin.discovery=service_load finds them'),
  handler: async (argv) => {
    const args: string[] = [String(argv.subcommand)];
    for (const p of argv.pluginPath ?? []) args.push('--plugin-path', String(p));
    for (const p of argv.pluginLocation ?? []) args.push('--plugin-location', String(p));
    for (const p of argv.workerConfig ?? []) args.push('--worker-config', String(p));
    if (args.length === 1) {
      const dir = pluginsDir();
      if (!existsSync(dir))
        throw new UsageError(`no plugin folder at ${dir}`, 'Install a plugin first (kafka-lab plugin install file), or give --plugin-path DIR.');
      args.push('--plugin-path', dir);
    }
    if (argv.dryRun) args.push('--dry-run');
    if (argv.keepNotFound) args.push('--keep-not-found');
    const engine = await resolveEngine({ version: argv.engine });
    const r = await engine.runTool(CONNECT_PLUGIN_PATH_TOOL, args, { timeoutMs: 300_000 });
    write(r.stdout);
    writeErr(r.stderr);
    setExitCode(r.exitCode);
  },
});
