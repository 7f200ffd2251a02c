import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { out, write } from '../output/output.js';
import { pluginsDir, templatesDir } from '../paths.js';
import { defineCommand } from './types.js';

/** Template names `config print` knows, mapped to files under templates/. */
export function configTemplates(): Map<string, string> {
  const m = new Map<string, string>();
  for (const f of readdirSync(templatesDir)) if (f.endsWith('.properties')) m.set(f.replace(/\.properties$/, ''), join(templatesDir, f));
  try {
    for (const f of readdirSync(join(templatesDir, 'kraft')))
      if (f.endsWith('.properties')) m.set(`kraft/${f.replace(/\.properties$/, '')}`, join(templatesDir, 'kraft', f));
  } catch {
    /* no kraft folder */
  }
  return m;
}

/** Words shell completion offers: config print <template>. */
export const completions = { name: () => [...configTemplates().keys()] };

export default defineCommand({
  command: 'config <action> [name]',
  describe: 'Print a configuration template (Kafka defaults, commented) to stdout',
  builder: (y) =>
    y
      .positional('action', { choices: ['print', 'list'] as const, describe: 'print one template or list them' })
      .positional('name', {
        type: 'string',
        describe:
          'template: zookeeper, server, kraft/server, producer, consumer, connect-standalone, connect-distributed, connect-file-source, connect-file-sink',
      })
      .example('kafka-lab config print server > server.properties', 'a ZooKeeper-mode broker config to edit')
      .example('kafka-lab config print kraft/server', 'a combined KRaft broker+controller config')
      .example('kafka-lab config list', 'names of all templates'),
  handler: (argv) => {
    const templates = configTemplates();
    if (argv.action === 'list' || !argv.name) {
      out([...templates.keys()].sort().join('\n'));
      return;
    }
    const name = String(argv.name).replace(/\.properties$/, '');
    const file = templates.get(name);
    if (!file) {
      throw new UsageError(`no template named '${name}'`, `Templates: ${[...templates.keys()].sort().join(', ')}`);
    }
    // worker templates point plugin.path at kafka-lab's plugin folder
    write(readFileSync(file, 'utf8').replaceAll('@KAFKA_LAB_PLUGINS@', pluginsDir()));
  },
});
