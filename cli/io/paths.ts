// Output paths checked before a command does any work: an empty path is a usage error, an
// output that is one of the command's own inputs is refused (tiersim never overwrites what it
// reads), and a folder that cannot be created — read-only, not a folder, a pseudo file system
// such as /proc — is reported at once instead of after a long run. Every refusal is a usage
// error (exit 2) and happens before anything is written.
import { accessSync, constants, lstatSync, readlinkSync, realpathSync, statfsSync, statSync } from "node:fs";
import type { Stats } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { ExitCode, UserError } from "../exit-codes.js";

/** How a command uses its path arguments: what it reads, which flags name a file or a folder it writes. */
export interface PathRoles {
  /** Arguments naming files the command reads. */
  inputs: readonly string[];
  /** Flags naming one file the command writes. */
  files: readonly string[];
  /** Flags naming a folder the command writes into, with the files it may write there. */
  folders: ReadonlyArray<{ flag: string; writes: (name: string) => boolean }>;
}

const REPORT = (name: string): boolean => name === "report.md" || name === "report.html" || name.startsWith(`charts${sep}`) || name.startsWith("charts/");

/** The path roles of every command that reads or writes files. */
export const COMMAND_PATHS: Readonly<Record<string, PathRoles>> = {
  run: {
    inputs: ["scenario"],
    files: ["trace"],
    folders: [{ flag: "out", writes: (n) => ["result.json", "daily.csv", "events.jsonl"].includes(n) || /^shard-\d+-of-\d+\.jsonl$/.test(n) || REPORT(n) }],
  },
  sweep: { inputs: ["scenario"], files: [], folders: [{ flag: "out", writes: (n) => n === "sweep.json" || REPORT(n) }] },
  "check-throttle": { inputs: ["scenario", "throttle"], files: ["counterexample"], folders: [{ flag: "out", writes: (n) => n === "throttle-check.json" || REPORT(n) }] },
  report: { inputs: ["result"], files: [], folders: [{ flag: "out", writes: REPORT }] },
  merge: { inputs: ["shards"], files: ["out"], folders: [] },
  schema: { inputs: [], files: ["out"], folders: [] },
};

/** The files this process reads, by identity (device and inode: a symlink or hard link is the same file). */
const inputs: Array<{ path: string; dev: number; ino: number }> = [];

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

/**
 * Records `path` as an input of this command: from now on no output may be written over it.
 * A path that does not exist (the command will report it) is ignored.
 *
 * @example
 * ```ts
 * registerInput("scenarios/quickstart.yaml");
 * ```
 */
export function registerInput(path: string): void {
  const st = statOrNull(path);
  if (st?.isFile()) inputs.push({ path, dev: st.dev, ino: st.ino });
}

/**
 * The input `path` would overwrite (the same file by device and inode, whichever links lead
 * to it), or `undefined`.
 *
 * @example
 * ```ts
 * inputAt("results/q/../q/result.json"); // "results/q/result.json" if that was read
 * ```
 */
export function inputAt(path: string): string | undefined {
  if (inputs.length === 0) return undefined;
  const st = statOrNull(path);
  if (!st) return undefined;
  return inputs.find((i) => i.dev === st.dev && i.ino === st.ino)?.path;
}

/** The usage error for an output that would overwrite an input. */
export function overwritesInput(flag: string, path: string, input: string): UserError {
  const same = resolve(path) === resolve(input) ? "" : ` (the same file as ${input})`;
  return new UserError(`${flag} ${path} is an input of this command${same}: tiersim never writes over its input — choose another path`, ExitCode.Usage);
}

// Pseudo file systems where a folder cannot hold tiersim's files (statfs magic numbers).
const PSEUDO_FS: Readonly<Record<number, string>> = {
  0x9fa0: "proc",
  0x62656572: "sysfs",
  0x64626720: "debugfs",
  0x74726163: "tracefs",
  0x27e0eb: "cgroup",
  0x63677270: "cgroup2",
  0x73636673: "securityfs",
  0x6165676c: "pstore",
  0xcafe4a11: "bpf",
};

/**
 * Checks, without creating anything, that folder `dir` exists or can be created: the nearest
 * existing ancestor must be a writable folder on a real file system. Throws a usage error
 * naming `shown` and the reason.
 *
 * @example
 * ```ts
 * checkFolder("/proc/x", "--out /proc/x"); // UserError: cannot write /proc/x: … (proc)
 * ```
 */
export function checkFolder(dir: string, shown: string): void {
  let d = resolve(dir);
  for (;;) {
    const st = statOrNull(d);
    if (st) {
      if (!st.isDirectory()) throw new UserError(`cannot write ${shown}: a file stands where a folder is needed${d === resolve(dir) ? "" : ` (${d})`}`, ExitCode.Usage);
      try {
        accessSync(d, constants.W_OK);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        throw new UserError(`cannot write ${shown}: ${code === "EROFS" ? `${d} is on a read-only file system` : `no permission to write in ${d}`}`, ExitCode.Usage);
      }
      let type: number | undefined;
      try {
        type = Number(statfsSync(d).type);
      } catch {
        type = undefined;
      }
      const pseudo = type === undefined ? undefined : PSEUDO_FS[type];
      if (pseudo) throw new UserError(`cannot write ${shown}: ${d} is on the ${pseudo} pseudo file system, which holds no ordinary files`, ExitCode.Usage);
      return;
    }
    const up = dirname(d);
    if (up === d) return;
    d = up;
  }
}

type Argv = Record<string, unknown> & { _: Array<string | number> };

const asList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === "string" ? [v] : []);

/**
 * The checks of one command's paths, run before its handler (a yargs middleware): empty
 * paths, outputs over inputs (also an input inside an output folder under a name the command
 * writes), output files that are folders, and folders that cannot be created.
 *
 * @example
 * ```ts
 * yargs(argv).middleware(checkCommandPaths);
 * ```
 */
export function checkCommandPaths(argv: Argv): void {
  const roles = COMMAND_PATHS[String(argv._[0])];
  if (!roles) return;
  for (const key of [...roles.files, ...roles.folders.map((f) => f.flag)]) {
    const v = argv[key];
    if (v !== undefined && (typeof v !== "string" || v.trim() === "")) {
      throw new UserError(`--${key} is empty: give it a ${roles.files.includes(key) ? "file" : "folder"} path, or leave the flag out`, ExitCode.Usage);
    }
  }
  for (const key of roles.inputs) for (const p of asList(argv[key])) registerInput(p);

  for (const key of roles.files) {
    const path = argv[key];
    if (typeof path !== "string") continue;
    const input = inputAt(path);
    if (input !== undefined) throw overwritesInput(`--${key}`, path, input);
    const target = resolveTarget(path, `--${key} ${path}`);
    const st = statOrNull(target);
    if (st?.isDirectory()) throw new UserError(`cannot write --${key} ${path}: it is a folder; give a file name`, ExitCode.Usage);
    // A FIFO or a device is written where it is: its folder need not be writable.
    if (!st || st.isFile()) checkFolder(dirname(target), path);
    // A file flag pointing into an output folder, at a name that folder will receive.
    for (const folder of roles.folders) {
      const dir = argv[folder.flag];
      if (typeof dir !== "string") continue;
      const rel = within(realOrResolved(dir), realOrResolved(path));
      if (rel !== undefined && folder.writes(rel)) throw new UserError(`--${key} ${path} is also written by --${folder.flag} ${dir}: choose another name`, ExitCode.Usage);
    }
  }
  for (const folder of roles.folders) {
    const dir = argv[folder.flag];
    if (typeof dir !== "string") continue;
    checkFolder(dir, dir);
    const real = realOrResolved(dir);
    for (const input of inputs) {
      const rel = within(real, realOrResolved(input.path));
      if (rel !== undefined && folder.writes(rel)) {
        throw new UserError(`--${folder.flag} ${dir} would write ${join(dir, rel)}, an input this command reads: tiersim never writes over its input — choose another folder`, ExitCode.Usage);
      }
    }
  }
}

/** `path` relative to folder `dir` when it lies inside it, else `undefined`. */
function within(dir: string, path: string): string | undefined {
  const rel = relative(dir, path);
  return rel === "" || rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel) ? undefined : rel;
}

/** The real path of `path` (links resolved) when it exists, else its absolute form. */
function realOrResolved(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/**
 * Where writing `path` really lands: symbolic links are followed, also a dangling one (its
 * target is created), so the link itself stays. Throws a usage error on a link loop.
 *
 * @example
 * ```ts
 * resolveTarget("latest.json", "--out latest.json"); // "/…/results/2026-03-02.json" if latest.json links there
 * ```
 */
export function resolveTarget(path: string, shown: string): string {
  let p = resolve(path);
  for (let hops = 0; hops < 40; hops++) {
    let link: string;
    try {
      if (!lstatSync(p).isSymbolicLink()) return p;
      link = readlinkSync(p);
    } catch {
      return p;
    }
    p = resolve(dirname(p), link);
  }
  throw new UserError(`cannot write ${shown}: too many levels of symbolic links`, ExitCode.Usage);
}
