// Reading a log line by line for `calibrate` and `backtest`: a file or stdin (`-`), gunzipped
// when the name ends in .gz, split into lines chunk by chunk (no promise per line), each line
// handed to a fold that says whether it was malformed. Read errors and, with --strict, the first
// malformed line end the command with exit 3 and a message naming the file and line.
import { createReadStream } from "node:fs";
import type { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { ExitCode, UserError } from "../exit-codes.js";
import { LineSplitter } from "../line-splitter.js";

/** What a file holds, as messages name it. */
export type LineFileKind = "webhook log" | "sends file";

/**
 * The error for a file that cannot be read (missing, a folder, broken gzip, …).
 *
 * @example
 * ```ts
 * readError("logs/a.jsonl", err, "webhook log").message; // "cannot read webhook log logs/a.jsonl: no such file"
 * ```
 */
export function readError(file: string, err: unknown, what: LineFileKind): UserError {
  const code = (err as NodeJS.ErrnoException).code;
  const why =
    code === "ENOENT" ? "no such file" : code === "EISDIR" ? "a folder, not a file" : code === "Z_DATA_ERROR" || code === "Z_BUF_ERROR" ? "not a valid gzip file (or a truncated one)" : (err as Error).message;
  return new UserError(`cannot read ${what} ${file}: ${why}`, ExitCode.InvalidInput);
}

/**
 * Streams one file's lines to `fold`, which returns a malformed line's problem or null; with
 * `strict` the first malformed line rejects with a UserError (exit 3), as does a read error.
 *
 * @example
 * ```ts
 * await eachLine("w.jsonl.gz", "webhook log", false, (text, n) => fold.line(text, n));
 * ```
 */
export async function eachLine(file: string, what: LineFileKind, strict: boolean, fold: (text: string, n: number) => string | null): Promise<void> {
  const raw: Readable = file === "-" ? process.stdin : createReadStream(file);
  const input: Readable = file.endsWith(".gz") ? raw.pipe(createGunzip()) : raw;
  let failure: unknown = null;
  const fail = (err: unknown): void => {
    failure ??= err;
    input.destroy();
  };
  raw.on("error", fail);
  if (input !== raw) input.on("error", fail);
  const split = new LineSplitter((text, n) => {
    const problem = fold(text, n);
    if (strict && problem !== null) {
      throw new UserError(`${file}:${n}:1: malformed ${what === "webhook log" ? "webhook" : "sends"} line: ${problem}\n  fix the line or drop --strict (malformed lines are then counted and skipped)`, ExitCode.InvalidInput);
    }
  });
  try {
    // Whole chunks, split synchronously: no promise and no queued line per line. Leaving the
    // loop (a --strict stop) destroys the stream.
    for await (const chunk of input) split.push(chunk as Buffer);
    split.end();
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw readError(file, err, what);
  }
  if (failure !== null) throw readError(file, failure, what);
}
