// The only place that writes files. A regular file is written atomically: a temp file in the
// same folder, then rename, so an interrupted run never leaves a half-written file. A symbolic
// link is followed (the link stays, its target is replaced atomically); a FIFO or a device is
// written directly, never replaced by a rename; nothing is ever written over one of the
// command's own inputs.
import { chmodSync, closeSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from "node:fs";
import type { Stats } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { ExitCode, UserError } from "./exit-codes.js";
import { inputAt, overwritesInput, resolveTarget } from "./io/paths.js";

let counter = 0;
const TEMP_PREFIX = ".tiersim-tmp-";

const WHY: Record<string, string> = {
  EEXIST: "a file stands where a folder is needed",
  ENOTDIR: "a part of the path is a file, not a folder",
  EISDIR: "it is a folder; give a file name",
  EACCES: "permission denied",
  EPERM: "not permitted",
  EROFS: "the file system is read-only",
  ENOSPC: "no space left on the device",
  EDQUOT: "the disk quota is exhausted",
  EFBIG: "the file is too large for the file system",
  EIO: "an input/output error on the device",
  ENAMETOOLONG: "the file name is too long",
  ENXIO: "no process is reading from it",
  EPIPE: "the process reading it went away",
  ELOOP: "too many levels of symbolic links",
  ENOENT: "the folder does not exist",
};

/** A file-system error on an output path is the user's to fix: a message and exit 2, no stack trace. */
function cannotWrite(file: string, err: unknown, detail?: string): UserError {
  const code = (err as NodeJS.ErrnoException).code ?? "";
  const reason = detail ?? WHY[code] ?? (err instanceof Error ? err.message : String(err));
  return new UserError(`cannot write ${file}: ${reason}`, ExitCode.Usage);
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

/**
 * `mkdir -p` one level at a time from the nearest existing ancestor. Node's recursive mkdir
 * retries forever where a file system refuses new folders with ENOENT (procfs does); here
 * each refusal is reported once, with the folder that could not be made.
 */
function makeDir(dir: string, file: string): void {
  const missing: string[] = [];
  for (let d = resolve(dir); ; ) {
    const st = statOrNull(d);
    if (st) {
      if (!st.isDirectory()) throw cannotWrite(file, { code: "ENOTDIR" }, `${d} is a file, not a folder`);
      break;
    }
    missing.push(d);
    const up = dirname(d);
    if (up === d) break;
    d = up;
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "EEXIST" && statOrNull(d)?.isDirectory()) continue;
      throw cannotWrite(file, err, `cannot create the folder ${d} (${code === "ENOENT" ? "the file system does not allow it" : (WHY[code ?? ""] ?? code)})`);
    }
  }
}

const pending = new Set<string>();

function cleanupPending(): void {
  for (const tmp of pending) rmSync(tmp, { force: true });
  pending.clear();
}
process.once("exit", cleanupPending);

const swept = new Set<string>();

/**
 * Removes temp files that a killed tiersim (SIGKILL leaves no chance to clean up) left in
 * `dir`: only `.tiersim-tmp-<pid>-…` files whose process no longer exists.
 */
function sweepStaleTemps(dir: string): void {
  if (swept.has(dir)) return;
  swept.add(dir);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = /^\.tiersim-tmp-(\d+)-/.exec(name);
    if (!m || Number(m[1]) === process.pid) continue;
    try {
      process.kill(Number(m[1]), 0);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ESRCH") rmSync(join(dir, name), { force: true });
    }
  }
}

/** Where a write of `file` lands, checked: not an input, not a folder; `special` for a FIFO or device. */
function prepare(file: string): { target: string; existing: Stats | null; special: boolean } {
  if (file === "") throw new UserError("an output path is empty: give a file name", ExitCode.Usage);
  const input = inputAt(file);
  if (input !== undefined) throw overwritesInput("output", file, input);
  const target = resolveTarget(file, file);
  const existing = statOrNull(target);
  if (existing?.isDirectory()) throw cannotWrite(file, { code: "EISDIR" });
  return { target, existing, special: existing !== null && !existing.isFile() };
}

function tempBeside(target: string): string {
  // Keep the name within the 255-byte limit of most file systems, whatever the target's name.
  const stem = basename(target).slice(0, 100);
  return join(dirname(target), `${TEMP_PREFIX}${process.pid}-${counter++}-${stem}`);
}

/**
 * Writes `data` to `file`: a regular file atomically (temp file + rename, keeping the old
 * file's permissions), a FIFO or device directly; creates missing parent folders. Symbolic
 * links are followed. Refuses (usage error) to write over an input of the command.
 *
 * @example
 * ```ts
 * writeFileAtomic("out/result.json", JSON.stringify(result));
 * ```
 */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const { target, existing, special } = prepare(file);
  if (special) {
    try {
      writeFileSync(target, data);
    } catch (err) {
      throw cannotWrite(file, err);
    }
    return;
  }
  const dir = dirname(target);
  makeDir(dir, file);
  sweepStaleTemps(dir);
  const tmp = tempBeside(target);
  pending.add(tmp);
  try {
    writeFileSync(tmp, data);
    if (existing) chmodSync(tmp, existing.mode & 0o7777);
    renameSync(tmp, target);
  } catch (err) {
    throw cannotWrite(file, err);
  } finally {
    pending.delete(tmp);
    rmSync(tmp, { force: true });
  }
}

/** Writes several files, each atomically; stops at the first failure. */
export function writeFilesAtomic(dir: string, files: ReadonlyArray<readonly [string, string | Uint8Array]>): string[] {
  const written: string[] = [];
  for (const [name, data] of files) {
    const path = join(dir, name);
    writeFileAtomic(path, data);
    written.push(path);
  }
  return written;
}

/** Prints exactly one JSON document on stdout (the `--json` contract). */
export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + "\n");
}

/**
 * A file written in pieces (large JSONL traces) that appears only when complete: chunks go
 * to a temp file beside the target, `commit()` renames it into place, `abort()` removes it.
 * A FIFO or device is written directly (a reader sees the lines as they come).
 *
 * @example
 * ```ts
 * const w = new AtomicWriter("trace.jsonl");
 * w.write('{"at":…}\n');
 * w.commit();
 * ```
 */
export class AtomicWriter {
  private readonly tmp: string | null;
  private readonly target: string;
  private readonly mode: number | null;
  private fd: number;
  private buffer: string[] = [];
  private buffered = 0;

  constructor(readonly file: string) {
    const { target, existing, special } = prepare(file);
    this.target = target;
    this.mode = existing && !special ? existing.mode & 0o7777 : null;
    if (special) {
      this.tmp = null;
      try {
        this.fd = openSync(target, "w");
      } catch (err) {
        throw cannotWrite(file, err);
      }
      return;
    }
    const dir = dirname(target);
    makeDir(dir, file);
    sweepStaleTemps(dir);
    this.tmp = tempBeside(target);
    pending.add(this.tmp);
    try {
      this.fd = openSync(this.tmp, "w");
    } catch (err) {
      pending.delete(this.tmp);
      throw cannotWrite(file, err);
    }
  }

  write(chunk: string): void {
    this.buffer.push(chunk);
    this.buffered += chunk.length;
    if (this.buffered > 1 << 20) this.flush();
  }

  commit(): void {
    this.flush();
    try {
      closeSync(this.fd);
      if (this.tmp !== null) {
        if (this.mode !== null) chmodSync(this.tmp, this.mode);
        renameSync(this.tmp, this.target);
      }
    } catch (err) {
      this.abort();
      throw cannotWrite(this.file, err);
    } finally {
      if (this.tmp !== null) pending.delete(this.tmp);
    }
  }

  abort(): void {
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
    if (this.tmp !== null) {
      rmSync(this.tmp, { force: true });
      pending.delete(this.tmp);
    }
  }

  private flush(): void {
    if (this.buffer.length === 0) return;
    const bytes = Buffer.from(this.buffer.join(""), "utf8");
    this.buffer = [];
    this.buffered = 0;
    try {
      // A pipe may take fewer bytes than offered: write until all are out.
      for (let off = 0; off < bytes.length; ) off += writeSync(this.fd, bytes, off, bytes.length - off);
    } catch (err) {
      this.abort();
      throw cannotWrite(this.file, err);
    }
  }
}
