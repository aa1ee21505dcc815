/**
 * Process exit codes: the CLI contract of DESIGN §6. Scripts and CI branch on these.
 *
 * @example
 * ```ts
 * process.exitCode = ExitCode.InvalidInput;
 * ```
 */
export const ExitCode = {
  /** Everything went as asked. */
  Ok: 0,
  /** A check or assertion failed (validation of a throttle, `--assert`). */
  CheckFailed: 1,
  /** The command line is wrong: unknown command or flag, bad flag value. */
  Usage: 2,
  /** An input file is invalid: scenario, result, shard or throttle module. */
  InvalidInput: 3,
  /** A bug in tiersim (sysexits EX_SOFTWARE): the message asks for a report. */
  Internal: 70,
  /** Standard output or error could not be written: a full disk, a closed pipe (sysexits EX_IOERR). */
  IoError: 74,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A user's mistake: printed as a message (never a stack trace) and mapped to an exit code. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = ExitCode.Usage,
  ) {
    super(message);
    this.name = "UserError";
  }
}
