/**
 * Where completion candidates come from at run time: a command's yargs builder (its flags and
 * choices) and, for topic/group values, the broker — with a hard ~1 s bound so a missing
 * broker never makes the shell hang.
 */
import { findCommand } from '../commands/registry.js';
import type { CompletionSources, FlagInfo, PositionalInfo } from './complete.js';

const LIVE_BUDGET_MS = 1200;

interface YargsOptions {
  key: Record<string, unknown>;
  choices: Record<string, string[]>;
  hiddenOptions: string[];
  boolean: string[];
}

/** A command's module, its yargs options and the names of its positionals (in order). */
async function commandOptions(name: string): Promise<{ opts: YargsOptions; positionals: string[]; completions: CompletionWords } | undefined> {
  const spec = findCommand(name);
  if (!spec) return undefined;
  const loaded = (await spec.load()) as { default: { builder?: unknown; command?: string | string[] }; completions?: CompletionWords };
  const mod = loaded.default;
  const { default: yargs } = await import('yargs');
  let y = yargs([]).version(false).parserConfiguration({ 'dot-notation': false }).option('help', { type: 'boolean' });
  if (typeof mod.builder === 'function') y = (mod.builder as (a: typeof y) => typeof y)(y) ?? y;
  const opts = (y as unknown as { getOptions(): YargsOptions }).getOptions();
  const command = Array.isArray(mod.command) ? (mod.command[0] ?? '') : (mod.command ?? '');
  const positionals = [...command.matchAll(/[<[]([\w-]+)(?:\.\.)?[>\]]/g)].map((m) => m[1]!);
  return { opts, positionals, completions: loaded.completions ?? {} };
}

/** What a command module may export for positionals yargs has no choices for: name → words (or a function giving them). */
export type CompletionWords = Record<string, readonly string[] | (() => readonly string[])>;

async function commandFlags(name: string): Promise<FlagInfo[]> {
  const c = await commandOptions(name);
  if (!c) return [];
  const { opts, positionals } = c;
  const hidden = new Set(opts.hiddenOptions ?? []);
  const booleans = new Set(opts.boolean ?? []);
  return Object.keys(opts.key)
    .filter((k) => k.length > 1 && !/[A-Z]/.test(k) && !hidden.has(k) && k !== '$0' && !positionals.includes(k))
    .map((k) => ({ name: k, takesValue: !booleans.has(k), ...(opts.choices?.[k] ? { choices: opts.choices[k]!.map(String) } : {}) }));
}

async function commandPositionals(name: string): Promise<PositionalInfo[]> {
  const c = await commandOptions(name);
  if (!c) return [];
  return c.positionals.map((p) => {
    const own = c.completions[p];
    const words = typeof own === 'function' ? own() : own;
    return { name: p, choices: [...(words ?? c.opts.choices?.[p] ?? [])].map(String) };
  });
}

async function liveNames(kind: 'topics' | 'groups', bootstrap: string | undefined): Promise<string[]> {
  const work = (async () => {
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
