/**
 * The one error type of kafka-lab. Every expected failure is a KafkaLabError carrying a
 * one-line message, a one-line hint, a kind and an exit code; cli.ts prints it without a
 * stack trace (unless --verbose). Code that needs to tell failures apart tests the kind,
 * never the message text.
 *
 * Kinds (stable names; the exit code follows from the kind unless a command has a reason to
 * pass its own, e.g. the exit code of a Kafka tool it ran):
 *
 *   kind            what happened                                                     exit
 *   usage           the command line is wrong: unknown command or flag, missing or      2
 *                   invalid value, options that do not go together
 *   invalid-config  a file or setting kafka-lab reads is wrong: malformed line, a        1
 *                   value out of range, two configs that clash
 *   not-found       a named thing does not exist: file, topic, group, lab, engine       1
 *   already-exists  it exists and would be overwritten: a topic, a lab folder           1
 *   connection      a server cannot be reached: refused, unreachable, went away         1
 *   timeout         a bounded wait ran out: not ready, no answer within --timeout       1
 *   authentication  credentials were refused (SASL, TLS)                                1
 *   authorization   the credentials are not allowed to do it (ACLs)                     1
 *   unsupported     this engine, broker or version cannot do it (ZooKeeper on Kafka 4)  1
 *   broker          the broker refused the request; the message is Kafka's              1
 *   process         a server process could not start, run or stop: Java missing, a      1
 *                   port in use, a crash while starting, an external program failing
 *   interrupted     stopped by Ctrl-C (after saying what was done)                      130
 *   failed          any other expected failure; the message says what                   1
 *   internal        not expected at all: a bug (any error that is not a KafkaLabError)  1
 */
export const ExitCode = {
  OK: 0,
  ERROR: 1,
  USAGE: 2,
  INTERRUPTED: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode] | number;

export const ERROR_KINDS = [
  'usage',
  'invalid-config',
  'not-found',
  'already-exists',
  'connection',
  'timeout',
  'authentication',
  'authorization',
  'unsupported',
  'broker',
  'process',
  'interrupted',
  'failed',
  'internal',
] as const;

export type ErrorKind = (typeof ERROR_KINDS)[number];

/** The exit code of a kind: 2 for usage, 130 for interrupted, 1 for everything else. */
export function exitCodeOf(kind: ErrorKind): ExitCodeValue {
  return kind === 'usage' ? ExitCode.USAGE : kind === 'interrupted' ? ExitCode.INTERRUPTED : ExitCode.ERROR;
}

export interface KafkaLabErrorOptions {
  /** default: 'usage' when exitCode is 2, 'interrupted' when 130, else 'failed' */
  kind?: ErrorKind;
  hint?: string;
  /** default: the kind's (exitCodeOf) */
  exitCode?: ExitCodeValue;
  cause?: unknown;
  /** extra lines printed after the message (e.g. the last lines of a server log) */
  details?: string[];
}

function kindFromExitCode(code: ExitCodeValue | undefined): ErrorKind {
  return code === ExitCode.USAGE ? 'usage' : code === ExitCode.INTERRUPTED ? 'interrupted' : 'failed';
}

export class KafkaLabError extends Error {
  readonly kind: ErrorKind;
  readonly hint?: string;
  readonly exitCode: ExitCodeValue;
  readonly details: string[];

  constructor(message: string, options: KafkaLabErrorOptions = {}) {
    super(message, options.cause !== undefined ? { cause: options.cause } : undefined);
    this.name = 'KafkaLabError';
    this.kind = options.kind ?? kindFromExitCode(options.exitCode);
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? exitCodeOf(this.kind);
    this.details = options.details ?? [];
  }
}

/** A mistake in how the command was typed: kind 'usage', exit code 2. */
export class UsageError extends KafkaLabError {
  constructor(message: string, hint?: string) {
    super(message, { kind: 'usage', hint });
    this.name = 'UsageError';
  }
}

export function isKafkaLabError(err: unknown): err is KafkaLabError {
  return err instanceof KafkaLabError;
}

/** The kind of any thrown value: a KafkaLabError's own, 'internal' for everything else. */
export function errorKind(err: unknown): ErrorKind {
  return isKafkaLabError(err) ? err.kind : 'internal';
}

/** The same failure with another message (e.g. Kafka's prefix), keeping kind, hint, exit code and details. */
export function withMessage(err: KafkaLabError, message: string): KafkaLabError {
  return new KafkaLabError(message, { kind: err.kind, hint: err.hint, exitCode: err.exitCode, cause: err.cause, details: err.details });
}
