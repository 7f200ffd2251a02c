/**
 * Where completion candidates come from at run time: a command's yargs builder (its flags and
 * choices) and, for topic/group values, the broker — with a hard ~1 s bound so a missing
 * broker never makes the shell hang.
 */
import type { Argv } from 'yargs';
import { findCommand } from '../commands/registry.js';
import type { CompletionSources, FlagInfo, PositionalInfo } from './complete.js';

const LIVE_BUDGET_MS = 1200;

interface OptionSpec {
  alias?: string | readonly string[];
  choices?: readonly unknown[];
  hidden?: boolean;
  type?: string;
  boolean?: boolean;
}

/** What a command module may export for positionals yargs has no choices for: name → words (or a function giving them). */
export type CompletionWords = Record<string, readonly string[] | (() => readonly string[])>;

interface Declared {
  flags: FlagInfo[];
  /** positional name → its choices, as the builder declares them */
  positionalChoices: Map<string, string[]>;
}

/**
 * What a command's yargs builder declares, read by handing the builder a stand-in that
 * records every .option() and .positional() call and answers every other call with itself
 * (no yargs internals).
 */
export function declaredOptions(builder: (y: Argv) => unknown): Declared {
  const flags = new Map<string, FlagInfo>();
  const positionalChoices = new Map<string, string[]>();
  const record = (key: string, spec: OptionSpec = {}) => {
    if (spec.hidden) return;
    const choices = spec.choices ? { choices: spec.choices.map(String) } : {};
    const takesValue = !(spec.type === 'boolean' || spec.boolean === true);
    const aliases = spec.alias === undefined ? [] : typeof spec.alias === 'string' ? [spec.alias] : [...spec.alias];
    for (const name of [key, ...aliases]) if (name.length > 1 && !/[A-Z]/.test(name)) flags.set(name, { name, takesValue, ...choices });
  };
  const stand: object = new Proxy(
    {},
    {
      get:
        (_target, prop) =>
        (...args: unknown[]) => {
          if (prop === 'option' || prop === 'options') {
            const [key, spec] = args as [string | Record<string, OptionSpec>, OptionSpec | undefined];
            if (typeof key === 'string') record(key, spec);
            else for (const [k, v] of Object.entries(key)) record(k, v);
          } else if (prop === 'positional') {
            const [key, spec] = args as [string, OptionSpec | undefined];
            if (spec?.choices) positionalChoices.set(key, spec.choices.map(String));
          }
          return stand;
        },
    },
  );
  builder(stand as Argv);
  record('help', { type: 'boolean' });
  return { flags: [...flags.values()], positionalChoices };
}

/** The flags a command's builder declares (see declaredOptions). */
export function declaredFlags(builder: (y: Argv) => unknown): FlagInfo[] {
  return declaredOptions(builder).flags;
}

/** A command's declared options, the names of its positionals (in order) and its own completion words. */
async function commandOptions(name: string): Promise<{ declared: Declared; positionals: string[]; completions: CompletionWords } | undefined> {
  const spec = findCommand(name);
  if (!spec) return undefined;
  const loaded: { default: { builder?: unknown; command?: string | readonly string[] }; completions?: CompletionWords } = await spec.load();
  const mod = loaded.default;
  const declared = typeof mod.builder === 'function' ? declaredOptions(mod.builder as (y: Argv) => unknown) : { flags: [], positionalChoices: new Map() };
  const command = Array.isArray(mod.command) ? (mod.command[0] ?? '') : (mod.command ?? '');
  const positionals = [...command.matchAll(/[<[]([\w-]+)(?:\.\.)?[>\]]/g)].map((m) => m[1]!);
  return { declared, positionals, completions: loaded.completions ?? {} };
}

async function commandFlags(name: string): Promise<FlagInfo[]> {
  const c = await commandOptions(name);
  if (!c) return [];
  return c.declared.flags.filter((f) => !c.positionals.includes(f.name));
}

async function commandPositionals(name: string): Promise<PositionalInfo[]> {
  const c = await commandOptions(name);
  if (!c) return [];
  return c.positionals.map((p) => {
    const own = c.completions[p];
    const words = typeof own === 'function' ? own() : own;
    return { name: p, choices: [...(words ?? c.declared.positionalChoices.get(p) ?? [])].map(String) };
  });
}

async function liveNames(kind: 'topics' | 'groups', bootstrap: string | undefined): Promise<string[]> {
  const work = (async () => {
    // the Kafka client loads only when a topic or group name is completed, not for every TAB
    const { openClient } = await import('../client/connection.js');
    const { listGroups, listTopicNames } = await import('../client/admin.js');
    const client = await openClient({ bootstrapServer: bootstrap, timeout: 1000 });
    try {
      if (kind === 'topics') return (await listTopicNames(client)).filter((t) => !t.startsWith('__'));
      return (await listGroups(client)).map((g) => g.groupId);
    } finally {
      await client.close();
    }
  })().catch(() => [] as string[]);
  let timer: NodeJS.Timeout | undefined;
  const budget = new Promise<string[]>((resolve) => {
    timer = setTimeout(() => resolve([]), LIVE_BUDGET_MS);
  });
  const names = await Promise.race([work, budget]);
  clearTimeout(timer);
  return names;
}

export function completionSources(): CompletionSources {
  return { flags: commandFlags, live: liveNames, positionals: commandPositionals };
}
