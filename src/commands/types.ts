import type { Argv, ArgumentsCamelCase, CommandModule } from 'yargs';
import { currentIo, setExitCode, type Io } from '../output/io.js';

/** Options every command accepts (declared once in cli.ts). */
export interface GlobalArgs {
  verbose?: boolean;
}

/** What a command file defines: yargs' builder, and a handler that gets argv and the io of the run. */
export interface CommandDefinition<A> {
  command: string | string[];
  describe: string;
  builder: (y: Argv<GlobalArgs>) => Argv<A>;
  /** may return an exit code (e.g. 1 when a checked condition does not hold); errors are thrown */
  handler: (argv: ArgumentsCamelCase<A>, io: Io) => Promise<number | undefined> | Promise<void> | number | undefined | void;
}

/** Each command file gets typed argv without repeating yargs generics, and its io. */
export function defineCommand<A>(def: CommandDefinition<A>): CommandModule<GlobalArgs, A> {
  return {
    command: def.command,
    describe: def.describe,
    builder: def.builder,
    handler: async (argv) => {
      const code = await def.handler(argv, currentIo());
      if (typeof code === 'number') setExitCode(code);
    },
  };
}
