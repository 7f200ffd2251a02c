import type { Argv, ArgumentsCamelCase, CommandModule } from 'yargs';

/** Options every command accepts (declared once in cli.ts). */
export interface GlobalArgs {
  verbose?: boolean;
}

/** Helper so each command file gets typed argv without repeating yargs generics. */
export function defineCommand<A>(mod: {
  command: string | string[];
  describe: string;
  builder: (y: Argv<GlobalArgs>) => Argv<A>;
  handler: (argv: ArgumentsCamelCase<A & GlobalArgs>) => Promise<void> | void;
}): CommandModule<GlobalArgs, A> {
  return mod as unknown as CommandModule<GlobalArgs, A>;
}
