import { COMPLETE_LINE_ENV, complete, completionScript } from '../completion/complete.js';
import { completionSources } from '../completion/sources.js';
import { UsageError } from '../errors.js';
import { out, write } from '../output/output.js';
import { defineCommand } from './types.js';

export default defineCommand({
  command: 'completion [shell]',
  describe: 'Print a bash or zsh completion script (commands, flags, and live topic/group names)',
  builder: (y) =>
    y
      .positional('shell', { choices: ['bash', 'zsh'] as const, describe: 'the shell to complete in' })
      .option('complete', { type: 'boolean', hidden: true, describe: 'answer a completion request (used by the scripts)' })
      .example('eval "$(kafka-lab completion bash)"', 'complete commands, flags, topics and groups in this bash session')
      .example(`kafka-lab completion zsh > "$\{fpath[1]}/_kafka-lab"`, 'install for zsh'),
  handler: async (argv, io) => {
    if (argv.complete) {
      const candidates = await complete(io.env[COMPLETE_LINE_ENV] ?? '', completionSources());
      if (candidates.length > 0) out(candidates.join('\n'));
      return;
    }
    if (!argv.shell) throw new UsageError('name the shell: kafka-lab completion bash|zsh', 'e.g. eval "$(kafka-lab completion bash)"');
    write(completionScript(argv.shell));
  },
});
