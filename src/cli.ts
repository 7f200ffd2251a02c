/**
 * Entry point: finds the command, imports only its module, runs it with yargs, and turns
 * every failure into one line + hint + exit code (stack traces only with --verbose).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS, GROUP_TITLES, findCommand, type CommandGroup } from './commands/registry.js';
import { ExitCode, type KafkaLabError, UsageError, isKafkaLabError } from './errors.js';
import { hints } from './hints.js';
import { processIo, withIo, type Io } from './output/io.js';
import type * as Output from './output/output.js';
import { packageRoot } from './paths.js';
import { legacyFlagError } from './legacy-flags.js';
import { FRACTIONAL_OPTIONS, numberOptionError } from './util/number-options.js';
import { nearest } from './util/suggest.js';

export function version(): string {
  return (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * Kafka's scripts take single-dash words (`-daemon`, `-name`, `-loggc`); yargs would read
 * them as bundles of short flags, so they are rewritten to their long form first.
 */
export function normaliseArgv(argv: string[]): string[] {
  const singleDashWords: Record<string, string> = { '-daemon': '--daemon', '-loggc': '--loggc', '-name': '--name' };
  return argv.map((a) => singleDashWords[a] ?? a);
}

const GLOBAL_BOOLEAN_FLAGS = new Set(['--verbose', '--no-color', '--help', '-h']);

function commandIndex(argv: string[]): number {
  return argv.findIndex((a) => !a.startsWith('-') || a === '-');
}

export function groupedHelp(): string {
  const lines = [
    'kafka-lab: run, learn and operate Apache Kafka from one command.',
    '',
    'Usage: kafka-lab <command> [options]      (every Kafka script: replace bin/kafka-<tool>.sh with kafka-lab <tool>)',
    '',
  ];
  const groups = Object.keys(GROUP_TITLES) as CommandGroup[];
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  for (const g of groups) {
    const cmds = COMMANDS.filter((c) => c.group === g);
    if (cmds.length === 0) continue;
    lines.push(`${GROUP_TITLES[g]}:`);
    for (const c of cmds) lines.push(`  ${c.name.padEnd(width)}${c.summary}`);
    lines.push('');
  }
  lines.push(
    'Global options:',
    '  --help        help for kafka-lab or a command (kafka-lab <command> --help)',
    '  --version     print the kafka-lab version',
    '  --verbose     show client logs and stack traces',
    '',
    'Examples:',
    '  kafka-lab demo                                   the whole 3-broker lab, narrated',
    '  kafka-lab engine install                         fetch Apache Kafka from Maven Central',
    '  kafka-lab topics --create --topic quickstart-events --bootstrap-server localhost:9092',
    '',
    'Exit codes: 0 ok, 1 error, 2 usage, 130 interrupted.',
  );
  return lines.join('\n');
}

function printError(err: unknown, verbose: boolean): number {
  const { colourErr, writeErr } = awaitedOutput!;
  const c = colourErr();
  if (isKafkaLabError(err)) {
    writeErr(`${c.red(`error: ${err.message}`)}\n`);
    for (const d of err.details) writeErr(`  ${d}\n`);
    if (err.hint) writeErr(`${c.dim(`hint: ${err.hint}`)}\n`);
    if (verbose && err.stack) writeErr(`${err.stack}\n`);
    if (verbose && err.cause instanceof Error && err.cause.stack) writeErr(`caused by: ${err.cause.stack}\n`);
    return err.exitCode;
  }
  const e = err as Error;
  writeErr(`${c.red(`error: ${e?.message ?? String(err)}`)}\n`);
  if (verbose) writeErr(`${e?.stack ?? ''}\n`);
  else writeErr(`${c.dim('hint: this is unexpected; run again with --verbose and report the output.')}\n`);
  return ExitCode.ERROR;
}

// loaded after the fast paths: --version and the top-level help need neither chalk nor yargs
let awaitedOutput: typeof Output | undefined;

/** Exits the process once stdout has taken everything (a pipe may still hold output). */
export async function exit(code: number): Promise<never> {
  await new Promise<void>((resolve) => {
    if (process.stdout.writableLength === 0) return resolve();
    process.stdout.once('drain', () => resolve());
  });
  process.exit(code);
}

/**
 * Runs one kafka-lab command line with the given io and returns its exit code. Everything the
 * command prints goes to io's streams; nothing here exits the process (bin/kafka-lab.js does).
 */
export async function main(rawArgv: string[], io: Io = processIo()): Promise<number> {
  const { result, exitCode } = await withIo(io, () => run(rawArgv, io));
  return result !== ExitCode.OK ? result : (exitCode ?? ExitCode.OK);
}

async function run(rawArgv: string[], io: Io): Promise<number> {
  const argv = normaliseArgv(rawArgv);
  const verbose = argv.includes('--verbose');
  const idx = commandIndex(argv);

  // fast paths: nothing but node's own modules for --version and the top-level help
  const word = idx === -1 ? undefined : argv[idx];
  if (word === 'version' && idx === argv.length - 1) {
    io.stdout.write(`${version()}\n`);
    return ExitCode.OK;
  }
  // kafka-lab help topics: the command's own help
  if (word === 'help' && argv[idx + 1] !== undefined && !argv[idx + 1]!.startsWith('-')) {
    return run([...argv.slice(0, idx), argv[idx + 1]!, '--help', ...argv.slice(idx + 2)], io);
  }
  if (idx === -1 || word === 'help') {
    if (argv.includes('--version') || argv.includes('-V') || argv.includes('-v')) {
      io.stdout.write(`${version()}\n`);
      return ExitCode.OK;
    }
    const unknownFlag = argv.find((a) => a.startsWith('-') && !GLOBAL_BOOLEAN_FLAGS.has(a));
    if (unknownFlag) {
      // a typo of a global flag (--verison) is answered by name; anything else belongs after a command
      const guess = nearest(unknownFlag.replace(/^-+/, ''), ['version', 'help', 'verbose']);
      io.stderr.write(
        `error: unknown option ${unknownFlag}\nhint: ${guess ? `did you mean --${guess}?` : `options go after a command: kafka-lab <command> ${unknownFlag}`} (kafka-lab --help lists the commands)\n`,
      );
      return ExitCode.USAGE;
    }
    io.stdout.write(`${groupedHelp()}\n`);
    return ExitCode.OK;
  }

  awaitedOutput = await import('./output/output.js');
  const name = argv[idx]!;
  const spec = findCommand(name);
  if (!spec) {
    const { unknownCommandError } = await import('./commands/unknown.js');
    // the engines (through their door) are loaded only when the name is one of Kafka's scripts
    const installedEngines = async () => (await import('./engine/index.js')).listEngines();
    return printError(await unknownCommandError(name, argv.slice(idx + 1), installedEngines), verbose);
  }

  const rest = [...argv.slice(0, idx), spec.name, ...argv.slice(idx + 1)];
  const legacy = legacyFlagError(spec.name, argv.slice(idx + 1));
  if (legacy) return printError(legacy, verbose);
  try {
    const loaded = await spec.load();
    // a command whose arguments belong to someone else (kafka-run-class) reads them itself
    const own = rawArgv.slice(idx + 1);
    if (loaded.raw && own[0] !== '--help' && own[0] !== '-h') {
      await loaded.raw(own, io);
      return ExitCode.OK;
    }
    const mod = loaded.default;
    const { default: yargs } = await import('yargs');
    // the command is yargs' default command: yargs lays out the help of a named command after every run
    // (in case a later failure wants it), about 30 ms of string-width; a default command is spared that
    const parser = yargs()
      .scriptName(`kafka-lab ${spec.name}`)
      .parserConfiguration({ 'dot-notation': false, 'duplicate-arguments-array': true, 'strip-aliased': true })
      .option('verbose', { type: 'boolean', describe: 'show client logs and stack traces', global: true })
      .command([mod.command].flat()[0]!.replace(/^\S+/, '$0'), mod.describe, mod.builder)
      // before validation (a number option without a value is the first thing to say); yargs hands middleware
      // its instance too (@types/yargs omits that argument, so it is declared optional here): the command's option types
      .middleware((_parsed, y?: OptionTypes) => rejectBadNumbers(y, spec.name, argv.slice(idx + 1)), true)
      .strict()
      .help()
      .version(false)
      // yargs lays out the command's help on every run (kept for a failure it could show); unwrapped it costs little
      .wrap(own.includes('--help') || own.includes('-h') ? Math.min(120, io.stdout.columns || 100) : null)
      .exitProcess(false)
      .fail((msg, err, y) => {
        if (err) throw err;
        throw usageFromYargs(msg, y, spec.name, rest);
      });
    // examples are printed by us, each command on a line of its own: yargs' two columns wrap them mid-command
    const examples: [string, string][] = [];
    parser.example = (cmd: string | ReadonlyArray<[string, string?]>, description?: string) => {
      if (typeof cmd === 'string') examples.push([cmd, description ?? '']);
      else for (const [c, d] of cmd) examples.push([c, d ?? '']);
      return parser;
    };
    // with a callback yargs hands its help text over instead of printing it on the process's stdout
    let helpText = '';
    const parsed = await parser.parseAsync([...argv.slice(0, idx), ...argv.slice(idx + 1)], {}, (_err, _argv, output) => {
      helpText = output;
    });
    if (helpText) io.stdout.write(`${withExamples(helpText, examples)}\n`);
    else await mod.handler(parsed);
  } catch (err) {
    return printError(err, verbose);
  }
  if (process.exitCode !== undefined && Number(process.exitCode) !== 0) {
    // commands not moved to setExitCode yet (the client commands) still say it this way
    const code = Number(process.exitCode);
    process.exitCode = undefined;
    return code;
  }
  return ExitCode.OK;
}

/** Help text with an Examples section whose command lines can be pasted as they are (never wrapped). */
export function withExamples(help: string, examples: [string, string][]): string {
  if (examples.length === 0) return help;
  const lines = ['', 'Examples:'];
  for (const [cmd, description] of examples) {
    lines.push(`  ${cmd}`);
    if (description) lines.push(`      ${description}`);
  }
  return `${help.trimEnd()}\n${lines.join('\n')}`;
}

/** What the yargs instance handed to middleware tells about the command's options (its number options and their aliases). */
interface OptionTypes {
  getOptions(): { number?: string[]; alias?: Record<string, string[]> };
}

/**
 * yargs reads `--partitions` with no value as "not given", `--partitions 2.5` as 2.5 and
 * `--partitions abc` as NaN: each is a usage error here, before the command does anything.
 */
function rejectBadNumbers(yargsInstance: OptionTypes | undefined, command: string, argv: string[]): void {
  const options = yargsInstance?.getOptions();
  if (!options?.number?.length) return;
  const numbers = new Set(options.number);
  const aliases: Record<string, string> = {};
  for (const [name, list] of Object.entries(options.alias ?? {})) if (numbers.has(name)) for (const a of list) aliases[a] = name;
  const error = numberOptionError(argv, {
    names: options.number.filter((n) => aliases[n] === undefined),
    aliases,
    fractional: new Set(FRACTIONAL_OPTIONS[command] ?? []),
  });
  if (error) throw error;
}

/** Turns yargs' validation messages into our one line + hint, suggesting the nearest flag. */
function usageFromYargs(msg: string, yargsInstance: unknown, command: string, argv: string[]): KafkaLabError {
  const unknown = /^Unknown arguments?: (.+)$/.exec(msg);
  if (unknown) {
    const first = unknown[1]!.split(', ')[0]!;
    // yargs hands its usage object to fail(): its described keys are the command's options
    const usage = yargsInstance as { getDescriptions?: () => Record<string, unknown> } | undefined;
    const known = Object.keys(usage?.getDescriptions?.() ?? {}).filter((k) => k.length > 1 && !/[A-Z]/.test(k));
    const guess = nearest(first.replace(/^-+/, ''), known);
    const flag = argv.find((a) => a.replace(/=.*$/, '') === `--${first}` || a === `-${first}`)?.replace(/=.*$/, '') ?? first;
    return new UsageError(
      `unknown option ${flag.startsWith('-') ? flag : `'${flag}'`} for '${command}'`,
      guess ? `did you mean --${guess}? (kafka-lab ${command} --help)` : `kafka-lab ${command} --help lists the options.`,
    );
  }
  const missing = /^Missing required arguments?: (.+)$/.exec(msg);
  if (missing) {
    const flags = missing[1]!
      .split(', ')
      .map((f) => `--${f}`)
      .join(', ');
    return new UsageError(`missing required option ${flags} for '${command}'`, `kafka-lab ${command} --help shows an example.`);
  }
  // yargs puts details on further lines ("Invalid values:\n  Argument: ..."): keep them on one line
  return new UsageError(
    msg
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .join(' '),
    hints.commandHelp(command),
  );
}
