/**
 * Number options checked on the command line as typed, before a command runs: yargs turns
 * `--partitions` with no value into "not given" (the topic gets the broker's default, and
 * partitions can never be removed afterwards) and `--partitions 2.5` into 2.5. Every number
 * option is a whole number unless it is listed as fractional here.
 */
import { UsageError } from '../errors.js';

/** Number options that take fractions: command → option names. */
export const FRACTIONAL_OPTIONS: Record<string, readonly string[]> = {
  'device-sim': ['rate', 'duration'],
  'console-producer': ['rate'],
  'producer-perf-test': ['throughput'],
};

export interface NumberOptionSpec {
  /** long names of the number options (as declared, e.g. 'max-messages') */
  names: string[];
  /** alias → long name (e.g. p → partitions) */
  aliases: Record<string, string>;
  /** long names that accept fractions */
  fractional: ReadonlySet<string>;
}

const INTEGER = /^[-+]?\d+$/;
const DECIMAL = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const NEGATIVE_NUMBER = /^-(\d|\.\d)/;

/** A token that starts another option (a negative number is a value, not an option). */
function isOptionToken(t: string): boolean {
  return t.startsWith('-') && t !== '-' && !NEGATIVE_NUMBER.test(t);
}

/**
 * The usage error for the first number option of `argv` that has no value or a value that is
 * not a number (a whole one unless fractional); undefined when all are fine.
 */
export function numberOptionError(argv: string[], spec: NumberOptionSpec): UsageError | undefined {
  const longOf = (flag: string): string | undefined => {
    if (flag.startsWith('--')) {
      const name = flag.slice(2);
      return spec.names.includes(name) ? name : spec.aliases[name];
    }
    if (/^-[^-]$/.test(flag)) return spec.aliases[flag.slice(1)];
    return undefined;
  };
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === '--') break;
    if (!token.startsWith('-')) continue;
    const eq = token.indexOf('=');
    const flag = eq > 0 ? token.slice(0, eq) : token;
    const name = longOf(flag);
    if (!name) continue;
    const next = argv[i + 1];
    const value = eq > 0 ? token.slice(eq + 1) : next !== undefined && !isOptionToken(next) ? next : undefined;
    const example = `Example: ${flag} ${spec.fractional.has(name) ? '0.5' : '3'}`;
    if (value === undefined || value === '') {
      return new UsageError(`${flag} needs a value`, example);
    }
    if (!DECIMAL.test(value)) return new UsageError(`${flag} expects a number, got '${value}'`, example);
    if (!spec.fractional.has(name) && !INTEGER.test(value)) return new UsageError(`${flag} expects a whole number, got '${value}'`, example);
  }
  return undefined;
}
