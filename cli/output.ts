// The only place that writes files. Every output is atomic: a temp file in the same
// folder, then rename, so an interrupted run never leaves a half-written file.
import { closeSync, existsSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from "node:fs";
import { ExitCode, UserError } from "./exit-codes.js";
import { dirname, join, basename } from "node:path";

let counter = 0;

/** A file-system error on an output path is the user's to fix: a message and exit 2, no stack trace. */
function cannotWrite(file: string, err: unknown): UserError {
  const code = (err as NodeJS.ErrnoException).code ?? "";
  const why: Record<string, string> = {
    EEXIST: "a file stands where a folder is needed",
    ENOTDIR: "a part of the path is a file, not a folder",
    EISDIR: "it is a folder; give a file name",
    EACCES: "permission denied",
    EPERM: "not permitted",
    EROFS: "the file system is read-only",
    ENOSPC: "no space left on the device",
    ENOENT: "the folder does not exist",
  };
  return new UserError(`cannot write ${file}: ${why[code] ?? (err instanceof Error ? err.message : String(err))}`, ExitCode.Usage);
}

function makeDir(dir: string, file: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw cannotWrite(file, err);
  }
}
const pending = new Set<string>();

function cleanupPending(): void {
  for (const tmp of pending) rmSync(tmp, { force: true });
  pending.clear();
}
process.once("exit", cleanupPending);

/**
 * Writes `data` to `file` atomically (temp file + rename), creating parent folders.
 *
 * @example
 * ```ts
 * writeFileAtomic("out/result.json", JSON.stringify(result));
 * ```
 */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const dir = dirname(file);
  makeDir(dir, file);
  const tmp = join(dir, `.tiersim-tmp-${process.pid}-${counter++}-${basename(file)}`);
  pending.add(tmp);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, file);
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
 *
 * @example
 * ```ts
 * const w = new AtomicWriter("trace.jsonl");
 * w.write('{"at":…}\n');
 * w.commit();
 * ```
 */
export class AtomicWriter {
  private readonly tmp: string;
  private fd: number;
  private buffer: string[] = [];
  private buffered = 0;

  constructor(readonly file: string) {
    const dir = dirname(file);
    makeDir(dir, file);
    if (existsSync(file) && statSync(file).isDirectory()) throw new UserError(`cannot write ${file}: it is a folder; give a file name`, ExitCode.Usage);
    this.tmp = join(dir, `.tiersim-tmp-${process.pid}-${counter++}-${basename(file)}`);
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
    try {
      this.flush();
      closeSync(this.fd);
      renameSync(this.tmp, this.file);
    } catch (err) {
      this.abort();
      throw cannotWrite(this.file, err);
    } finally {
      pending.delete(this.tmp);
    }
  }

  abort(): void {
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
    rmSync(this.tmp, { force: true });
    pending.delete(this.tmp);
  }

  private flush(): void {
    if (this.buffer.length === 0) return;
    writeSync(this.fd, this.buffer.join(""));
    this.buffer = [];
    this.buffered = 0;
  }
}
