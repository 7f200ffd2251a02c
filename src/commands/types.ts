import type { Argv, ArgumentsCamelCase } from 'yargs';
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

/** A loaded command as cli.ts runs it: yargs gets command, describe and builder; cli.ts calls the handler after parsing. */
export interface LoadedCommand {
  command: string | string[];
  describe: string;
  // biome-ignore lint/suspicious/noExplicitAny: each command's own option types; cli.ts only passes argv through
  builder: (y: Argv<GlobalArgs>) => Argv<any>;
  handler: (argv: ArgumentsCamelCase<unknown>) => Promise<void>;
}

/** Each command file gets typed argv without repeating yargs generics, and its io. */
export function defineCommand<A>(def: CommandDefinition<A>): LoadedCommand {
  return {
    command: def.command,
    describe: def.describe,
    builder: def.builder,
    handler: async (argv) => {
      const code = await def.handler(argv as ArgumentsCamelCase<A>, currentIo());
      if (typeof code === 'number') setExitCode(code);
    },
  };
}
