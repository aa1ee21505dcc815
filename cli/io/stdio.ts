// Standard output and error that fail: a full disk (`--json > /dev/full`), a reader that went
// away (`tiersim run x --json | head -c 10`). Node reports these as 'error' events that would
// crash with a stack trace and exit 1 — which means "a check failed". Here they end the
// command at once with the I/O exit code: one line on stderr for a failed write, nothing for a
// closed pipe (the reader chose to stop reading).
import { writeSync } from "node:fs";
import { ExitCode } from "../exit-codes.js";

let ending = false;

function reasonOf(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case "ENOSPC":
      return "no space left on the device";
    case "EIO":
      return "an input/output error on the device";
    case "EBADF":
      return "it is closed";
    case "EFBIG":
      return "the file is too large for the file system";
    case "EDQUOT":
      return "the disk quota is exhausted";
    default:
      return err.code ?? err.message;
  }
}

/**
 * Ends the process after a failed write to `stream` ("standard output" or "standard error"):
 * silently for a closed pipe, else with one line on stderr (if stderr still works); exit code
 * {@link ExitCode.IoError} either way.
 *
 * @example
 * ```ts
 * process.stdout.on("error", (err) => endOnWriteError(err, "standard output"));
 * ```
 */
export function endOnWriteError(err: NodeJS.ErrnoException, stream: "standard output" | "standard error"): never {
  if (!ending) {
    ending = true;
    if (err.code !== "EPIPE" && stream === "standard output") {
      try {
        writeSync(2, `tiersim: cannot write to standard output: ${reasonOf(err)}\n`);
      } catch {
        // stderr is gone too: the exit code is all that is left to say it.
      }
    }
  }
  process.exit(ExitCode.IoError);
}

/**
 * Installs the handlers once, at start-up.
 *
 * @example
 * ```ts
 * guardStdio();
 * ```
 */
export function guardStdio(): void {
  process.stdout.on("error", (err: NodeJS.ErrnoException) => endOnWriteError(err, "standard output"));
  process.stderr.on("error", (err: NodeJS.ErrnoException) => endOnWriteError(err, "standard error"));
}

/** Whether `err` is a failed write to stdout or stderr that escaped as an exception (EPIPE and kin). */
export function isStdioError(err: unknown): err is NodeJS.ErrnoException {
  const e = err as NodeJS.ErrnoException | null;
  return e !== null && typeof e === "object" && e.syscall === "write" && (e.code === "EPIPE" || e.code === "ENOSPC" || e.code === "EIO" || e.code === "EBADF");
}
