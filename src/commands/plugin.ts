import { resolve } from 'node:path';
import { resolvePluginSpec } from '../connect/plugin-catalogue.js';
import { installPlugin, pluginListing } from '../connect/plugin-install.js';
import { tableText } from '../connect/present.js';
import { DEFAULT_KAFKA_VERSION, listEngines, resolveEngine } from '../engine/index.js';
import { UsageError } from '../errors.js';
import { OUTPUT_FORMATS, info, out, present, spinner, type OutputFormat } from '../output/output.js';
import { pluginsDir } from '../paths.js';
import { defineCommand } from './types.js';

/** The Kafka version plugins such as connect-file must match: --engine, else the default engine. */
async function engineVersion(flag: string | undefined): Promise<string> {
  try {
    return (await resolveEngine({ version: flag })).info.version;
  } catch (err) {
    if (flag) return flag;
    if ((await listEngines()).length === 0) return DEFAULT_KAFKA_VERSION;
    throw err;
  }
}

export default defineCommand({
  command: 'plugin <action> [spec]',
  describe: 'Install Kafka Connect plugins from Maven Central into the plugin folder, or list them',
  builder: (y) =>
    y
      .positional('action', { choices: ['install', 'list'] as const, describe: 'install a plugin, or list installed and installable ones' })
      .positional('spec', { type: 'string', describe: 'a catalogue name (file, mirror, debezium-postgres, ..., mqtt) or G:A:V[:tar.gz:plugin]' })
      .option('dir', { type: 'string', describe: 'plugin folder (a plugin.path entry; default $KAFKA_LAB_HOME/plugins)' })
      .option('name', { type: 'string', describe: 'install: folder name for a G:A:V plugin (default: its artifact id)' })
      .option('engine', { type: 'string', describe: 'Kafka version that file and mirror must match (default: the default engine)' })
      .option('output', { alias: 'o', choices: OUTPUT_FORMATS, describe: 'list: text, table or json' })
      .example('kafka-lab plugin install file', "Kafka's FileStreamSource/Sink for the default engine")
      .example('kafka-lab plugin install debezium-postgres', 'Debezium PostgreSQL CDC (plugin archive from Maven Central)')
      .example('kafka-lab plugin install mqtt', "kafka-lab's MQTT source connector, built with Maven")
      .example('kafka-lab plugin install io.debezium:debezium-connector-postgres:3.6.1.Final:tar.gz:plugin', 'any plugin archive by coordinates')
      .example('kafka-lab plugin list', 'installed plugins and the catalogue'),
  handler: async (argv) => {
    const dir = argv.dir ? resolve(argv.dir) : pluginsDir();
    const version = await engineVersion(argv.engine);
    if (argv.action === 'list') {
      const rows = pluginListing(dir, version);
      const table = {
        head: ['NAME', 'VERSION', 'INSTALLED', 'WHAT'],
        rows: rows.map((r) => [r.name, r.version, r.installed ? (r.installedVersion ? `yes (${r.installedVersion})` : 'yes') : 'no', r.summary]),
      };
      present(argv.output as OutputFormat | undefined, {
        text: () => `${tableText(table)}\nplugin folder: ${dir}`,
        table: () => table,
        json: () => ({ dir, plugins: rows }),
      });
      return;
    }
    if (!argv.spec)
      throw new UsageError(
        'plugin install needs a plugin name or Maven coordinates',
        'Example: kafka-lab plugin install file (kafka-lab plugin list shows the names)',
      );
    const entry = resolvePluginSpec(String(argv.spec), version, argv.name);
    const spin = await spinner(`installing plugin ${entry.name} ${entry.version}`);
    try {
      const r = await installPlugin(entry, { dir, onProgress: (t) => spin.update(`installing plugin ${entry.name}: ${t}`) });
      spin.stop();
      if (!r.installed) info(`plugin ${entry.name} ${entry.version} is already installed`);
      else if (r.replaced) info(`replaced ${entry.name} ${r.replaced}`);
      out(`plugin ${entry.name} ${entry.version}: ${r.jars} jar${r.jars === 1 ? '' : 's'} in ${r.dir}`);
    } catch (err) {
      spin.fail(`installing plugin ${entry.name} failed`);
      throw err;
    }
  },
});
