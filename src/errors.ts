/**
 * The one error type of kafka-lab. Every expected failure is a KafkaLabError carrying
 * a one-line message, a one-line hint and an exit code; cli.ts prints it without a stack
 * trace (unless --verbose).
 */
export const ExitCode = {
  OK: 0,
  ERROR: 1,
  USAGE: 2,
  INTERRUPTED: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode] | number;

export interface KafkaLabErrorOptions {
  hint?: string;
  exitCode?: ExitCodeValue;
  cause?: unknown;
  /** extra lines printed after the message (e.g. the last lines of a server log) */
  details?: string[];
}

export class KafkaLabError extends Error {
  readonly hint?: string;
  readonly exitCode: ExitCodeValue;
  readonly details: string[];

  constructor(message: string, options: KafkaLabErrorOptions = {}) {
    super(message, options.cause !== undefined ? { cause: options.cause } : undefined);
    this.name = 'KafkaLabError';
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? ExitCode.ERROR;
    this.details = options.details ?? [];
  }
}

/** A mistake in how the command was typed: exit code 2. */
export class UsageError extends KafkaLabError {
  constructor(message: string, hint?: string) {
    super(message, { hint, exitCode: ExitCode.USAGE });
    this.name = 'UsageError';
  }
}

export function isKafkaLabError(err: unknown): err is KafkaLabError {
  return err instanceof KafkaLabError;
}
