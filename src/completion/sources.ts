/**
 * Where completion candidates come from at run time: a command's yargs builder (its flags and
 * choices) and, for topic/group values, the broker — with a hard ~1 s bound so a missing
 * broker never makes the shell hang.
 */
import { findCommand } from '../commands/registry.js';
import type { CompletionSources, FlagInfo } from './complete.js';

const LIVE_BUDGET_MS = 1200;

async function commandFlags(name: string): Promise<FlagInfo[]> {
  const spec = findCommand(name);
  if (!spec) return [];
  const mod = (await spec.load()).default as { builder?: unknown };
  const { default: yargs } = await import('yargs');
  let y = yargs([]).parserConfiguration({ 'dot-notation': false }).option('help', { type: 'boolean' });
  if (typeof mod.builder === 'function') y = (mod.builder as (a: typeof y) => typeof y)(y) ?? y;
  const opts = (y as unknown as { getOptions(): { key: Record<string, unknown>; choices: Record<string, string[]>; hiddenOptions: string[] } }).getOptions();
  const hidden = new Set(opts.hiddenOptions ?? []);
  return Object.keys(opts.key)
    .filter((k) => k.length > 1 && !/[A-Z]/.test(k) && !hidden.has(k) && k !== '$0')
    .map((k) => ({ name: k, ...(opts.choices?.[k] ? { choices: opts.choices[k]!.map(String) } : {}) }));
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
  return { flags: commandFlags, live: liveNames };
}
