/**
 * Where completion candidates come from at run time: a command's yargs builder (its flags and
 * choices) and, for topic/group values, the broker — with a hard ~1 s bound so a missing
 * broker never makes the shell hang.
 */
import type { Argv } from 'yargs';
import { findCommand } from '../commands/registry.js';
import type { CompletionSources, FlagInfo } from './complete.js';

const LIVE_BUDGET_MS = 1200;

interface OptionSpec {
  alias?: string | readonly string[];
  choices?: readonly unknown[];
  hidden?: boolean;
}

/**
 * The flags a command's yargs builder declares, read by handing the builder a stand-in that
 * records every .option() call and answers every other call with itself (no yargs internals).
 */
export function declaredFlags(builder: (y: Argv) => unknown): FlagInfo[] {
  const flags = new Map<string, FlagInfo>();
  const record = (key: string, spec: OptionSpec = {}) => {
    if (spec.hidden) return;
    const choices = spec.choices ? { choices: spec.choices.map(String) } : {};
    const aliases = spec.alias === undefined ? [] : typeof spec.alias === 'string' ? [spec.alias] : [...spec.alias];
    for (const name of [key, ...aliases]) if (name.length > 1 && !/[A-Z]/.test(name)) flags.set(name, { name, ...choices });
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
          }
          return stand;
        },
    },
  );
  builder(stand as Argv);
  record('help');
  return [...flags.values()];
}

async function commandFlags(name: string): Promise<FlagInfo[]> {
  const spec = findCommand(name);
  if (!spec) return [];
  const { builder } = (await spec.load()).default;
  return typeof builder === 'function' ? declaredFlags(builder) : [];
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
  return { flags: commandFlags, live: liveNames };
}
