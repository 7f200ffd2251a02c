/**
 * Shell completion: the scripts for bash and zsh, and the answer to one completion request.
 * The scripts call back `kafka-lab completion --complete` with the line typed so far in
 * $KAFKA_LAB_COMPLETE_LINE, so completion always matches the installed commands and flags.
 * Topic and group names come live from the broker, within about a second, or not at all.
 */
import { COMMANDS, findCommand } from '../commands/registry.js';

export const COMPLETE_LINE_ENV = 'KAFKA_LAB_COMPLETE_LINE';
export const SHELLS = ['bash', 'zsh'] as const;
export type Shell = (typeof SHELLS)[number];

export function completionScript(shell: Shell): string {
  if (shell === 'bash') {
    return `# kafka-lab completion for bash. Load it with:  eval "$(kafka-lab completion bash)"
# (or save it:  kafka-lab completion bash > /etc/bash_completion.d/kafka-lab)
_kafka_lab_complete() {
  local IFS=$'\\n'
  COMPREPLY=( $(${COMPLETE_LINE_ENV}="\${COMP_LINE:0:COMP_POINT}" "\${COMP_WORDS[0]}" completion --complete 2>/dev/null) )
  return 0
}
complete -o default -F _kafka_lab_complete kafka-lab klab
`;
  }
  return `#compdef kafka-lab klab
# kafka-lab completion for zsh. Load it with:  eval "$(kafka-lab completion zsh)"
# (or save it as _kafka-lab in a folder of your $fpath)
_kafka_lab() {
  local -a candidates
  candidates=("\${(@f)$(${COMPLETE_LINE_ENV}="\${(j: :)words[1,CURRENT]}" "\${words[1]}" completion --complete 2>/dev/null)}")
  if [[ -n "\${candidates[1]}" ]]; then
    compadd -- "\${candidates[@]}"
  else
    _files
  fi
}
if [[ "\${zsh_eval_context[-1]}" == "loadautofunc" ]]; then
  _kafka_lab "$@"
else
  (( $+functions[compdef] )) || { autoload -Uz compinit && compinit; }
  compdef _kafka_lab kafka-lab klab
fi
`;
}

export interface FlagInfo {
  name: string;
  choices?: string[];
  /** false for boolean flags: the next word is not this flag's value */
  takesValue?: boolean;
}

/** A positional argument of a command (cluster <action>, config print <name>) and the words it takes. */
export interface PositionalInfo {
  name: string;
  choices: string[];
}

/** The words of a command line and the word being completed (empty after a space). */
export function splitLine(line: string): { words: string[]; current: string } {
  const words = line.split(/\s+/).filter((w) => w.length > 0);
  if (/\s$/.test(line) || line.length === 0) return { words, current: '' };
  return { words: words.slice(0, -1), current: words[words.length - 1] ?? '' };
}

/** Options whose values are topic or group names fetched from the broker. */
const LIVE_VALUES: Record<string, 'topics' | 'groups'> = { '--topic': 'topics', '--group': 'groups', '--include': 'topics', '--whitelist': 'topics' };

export interface CompletionSources {
  /** flags (and their choices) of a command; loading its module is the caller's business */
  flags(command: string): Promise<FlagInfo[]>;
  /** the command's positional arguments in order, with the words each takes (subcommands, template names) */
  positionals?(command: string): Promise<PositionalInfo[]>;
  /** live names; resolves [] when no broker answers quickly */
  live(kind: 'topics' | 'groups', bootstrap: string | undefined): Promise<string[]>;
}

export async function complete(line: string, sources: CompletionSources): Promise<string[]> {
  const { words, current } = splitLine(line);
  const starts = (xs: string[]) => [...new Set(xs)].filter((x) => x.startsWith(current)).sort();
  // words[0] is the program itself
  if (words.length <= 1) return starts([...COMMANDS.map((c) => c.name), 'help']);
  if (words[1] === 'help' && words.length === 2) return starts(COMMANDS.map((c) => c.name));
  const spec = findCommand(words[1]!);
  if (!spec) return [];
  const previous = words[words.length - 1]!;
  if (spec.name === 'completion' && words.length === 2 && !current.startsWith('-')) return starts([...SHELLS]);
  const flags = await sources.flags(spec.name);
  if (previous.startsWith('--') && words.length > 2) {
    const live = LIVE_VALUES[previous];
    if (live) {
      const i = words.indexOf('--bootstrap-server');
      return starts(await sources.live(live, i > 0 ? words[i + 1] : undefined));
    }
    const flag = flags.find((f) => `--${f.name}` === previous);
    if (flag?.choices) return starts(flag.choices);
  }
  if (current.startsWith('-')) return starts(flags.map((f) => `--${f.name}`));
  // the value of a flag: nothing more to offer (the shell completes file names)
  const previousFlag = previous.startsWith('--') && !previous.includes('=') ? flags.find((f) => `--${f.name}` === previous) : undefined;
  if (previousFlag && previousFlag.takesValue !== false) return [];
  const positionals = (await sources.positionals?.(spec.name)) ?? [];
  const p = positionals[positionalIndex(words.slice(2), flags)];
  return p ? starts(p.choices) : [];
}

/** Which positional argument the next word is: words after the command that are neither flags nor flag values. */
export function positionalIndex(words: string[], flags: FlagInfo[]): number {
  let n = 0;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w.startsWith('-')) {
      const flag = flags.find((f) => `--${f.name}` === w);
      if (!w.includes('=') && flag?.takesValue !== false) i++;
      continue;
    }
    n++;
  }
  return n;
}
