import { describe, expect, it } from 'vitest';
import { numberOptionError } from '../../../src/util/number-options.js';

const spec = { names: ['partitions', 'max-messages', 'shift-by', 'rate'], aliases: { p: 'partitions' }, fractional: new Set(['rate']) };
const message = (argv: string[]) => numberOptionError(argv, spec)?.message;

describe('number options as typed', () => {
  it('refuses a number option with no value, whether followed by another option or by nothing', () => {
    expect(message(['--partitions', '--bootstrap-server', 'x'])).toBe('--partitions needs a value');
    expect(message(['--topic', 't', '--max-messages'])).toBe('--max-messages needs a value');
    expect(message(['--partitions=', '--topic', 't'])).toBe('--partitions needs a value');
    expect(message(['-p', '--topic', 't'])).toBe('-p needs a value');
  });
  it('refuses fractions where a whole number is needed, and words everywhere', () => {
    expect(message(['--partitions', '2.5'])).toBe("--partitions expects a whole number, got '2.5'");
    expect(message(['-p', '1e-1'])).toBe("-p expects a whole number, got '1e-1'");
    expect(message(['--partitions=abc'])).toBe("--partitions expects a number, got 'abc'");
    expect(message(['--rate', 'fast'])).toBe("--rate expects a number, got 'fast'");
    expect(numberOptionError(['--partitions', '2.5'], spec)?.hint).toBe('Example: --partitions 3');
  });
  it('accepts whole numbers, negative values, fractions where allowed, and leaves other options alone', () => {
    expect(message(['--partitions', '3', '--max-messages=10'])).toBeUndefined();
    expect(message(['--shift-by', '-2', '--topic', 't'])).toBeUndefined();
    expect(message(['--rate', '0.5'])).toBeUndefined();
    expect(message(['--topic', '--partitions-like', '--output', 'json'])).toBeUndefined();
    // after -- everything is an argument
    expect(message(['--', '--partitions'])).toBeUndefined();
  });
});
