// `tiersim init [file]`: writes a commented starter scenario — the quickstart's campaign, with
// a comment on every block saying what to change — whose `$schema` modeline gives editor
// completion wherever the file is written. It never overwrites a file (exit 2), and writes
// atomically: the text goes to a temporary file that is then hard-linked into place, which
// fails, instead of replacing, if the name was taken meanwhile. (Where a file system has no
// hard links, an exclusive copy does the same, if not atomically.)
import { constants, copyFileSync, existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { ArgumentsCamelCase, Argv, CommandModule } from "yargs";
import { ExitCode, UserError } from "../exit-codes.js";

const SCHEMA = join("scenarios", "scenario.schema.json");

/** Where the starter's `$schema` points, and why (printed after writing). */
export interface SchemaReference {
  /** The modeline's path: relative to the scenario's folder (forward slashes), or absolute. */
  path: string;
  /** `dependency`: the project's node_modules/tiersim; `package`: the tiersim running now. */
  source: "dependency" | "package";
}

/** The root of the tiersim package this code runs from (a checkout, or node_modules/tiersim). */
export function packageRoot(from: string = fileURLToPath(import.meta.url)): string {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === "tiersim") return dir;
    if (dirname(dir) === dir) throw new Error("tiersim: cannot find the tiersim package that holds this file");
  }
}

function modelinePath(fromDir: string, schema: string): string {
  const rel = relative(fromDir, schema).split(sep).join("/");
  return rel.startsWith("../") ? rel : `./${rel}`;
}

/**
 * The schema a scenario written into `dir` should name. First choice: the schema of the
 * tiersim the project depends on — the nearest `node_modules/tiersim` above `dir` — as a
 * relative path, so the file and the project can move together and the schema always matches
 * the installed version. Otherwise the schema of the tiersim running now: relative when that
 * package holds `dir` (a checkout of the tiersim repository), else its absolute path (a global
 * or npx install; `npm install --save-dev tiersim` in the project makes it relative).
 *
 * @example
 * ```ts
 * schemaReference("/home/ana/shop/plans", "/usr/lib/node_modules/tiersim");
 * // { path: "../node_modules/tiersim/scenarios/scenario.schema.json", source: "dependency" } when /home/ana/shop depends on tiersim
 * ```
 */
export function schemaReference(dir: string, pkgRoot: string = packageRoot()): SchemaReference {
  for (let d = resolve(dir); ; d = dirname(d)) {
    const candidate = join(d, "node_modules", "tiersim", SCHEMA);
    if (existsSync(candidate)) return { path: modelinePath(dir, candidate), source: "dependency" };
    if (dirname(d) === d) break;
  }
  const own = join(pkgRoot, SCHEMA);
  const inside = !relative(pkgRoot, resolve(dir)).startsWith("..") && !isAbsolute(relative(pkgRoot, resolve(dir)));
  return { path: inside ? modelinePath(dir, own) : own.split(sep).join("/"), source: "package" };
}

/**
 * The starter scenario: the quickstart (a newly verified retailer, one promotion a day to
 * 30,000 users), commented for adapting. Same values as scenarios/quickstart.yaml, so its
 * first run can be compared with the README's.
 *
 * @example
 * ```ts
 * writeFileSync("plan.yaml", starterScenario("./node_modules/tiersim/scenarios/scenario.schema.json"));
 * ```
 */
export function starterScenario(schemaPath: string): string {
  return `# yaml-language-server: $schema=${schemaPath}
#
# A starter scenario, written by \`tiersim init\`: the quickstart's retailer, commented for
# adapting. Edit the values marked ← to describe your sender, then:
#
#   tiersim validate <this file>               every mistake at once, with line and column
#   tiersim run <this file> --out results/me   one run: summary, report.html, charts
#   tiersim run <this file> --runs 200         the distribution over 200 futures
#
# The editor completes and explains every key (through the $schema line above, with the
# YAML language server); all keys are documented in docs/scenario-format.md.

name: My campaign — daily promotion                        # ← shown in reports
description: How fast does a newly verified sender climb from 2K to a limit that covers its list?

rules: meta-2025-10            # rule set (era): the current one; \`tiersim rules\` lists all
start: 2026-03-02T00:00:00+01:00   # ← first simulated moment, with its UTC offset
days: 30                       # ← horizon
timezone: Europe/Madrid        # ← send windows and daily figures use this time zone
seed: 42                       # the same seed gives the same result, byte for byte

business:
  verification: verified       # ← none | verified | partner-verified (verified starts at 2,000)
  quality: GREEN               # quality rating at the start: GREEN | YELLOW | RED
  # limit: 10000               # ← uncomment if the number already has a higher limit
  templatesLast365d: 0         # ← templates sent in the past year; under 500,000, bursts are paced

templates:
  - name: daily_deal           # ← your template names, as the campaigns below refer to them
    category: MARKETING        # MARKETING | UTILITY | AUTHENTICATION: decides price and caps
    status: APPROVED           # or PENDING, to simulate the review (see docs/scenario-format.md)
    onPause: wait              # ← when paused: wait it out, or edit (back to review at once)
    replacement: { after: 4h } # ← once disabled, a new template is submitted this much later
  - name: order_update
    category: UTILITY

audience:
  optedIn: 30000               # ← users who opted in at the start
  growthPerDay: 150            # ← new opt-ins per day
  markets: { ES: 0.7, MX: 0.2, OTHER: 0.1 }   # ← shares of users by market (prices); sum to 1
  segments:                                   # ← rates from your past campaigns; shares sum to 1
    - { name: engaged, share: 0.35, read: 0.85, reply: 0.08, block: 0.001, report: 0.0002, optOut: 0.002, inboundPerDay: 0.02 }
    - { name: casual,  share: 0.65, read: 0.55, reply: 0.02, block: 0.003, report: 0.0006, optOut: 0.006, inboundPerDay: 0.004 }
  # ← fatigue: earlier messages (7-day exponential window) raise block rates, +30 % for the
  # first, at most ×2 — the strongest lever on quality and pauses: calibrate it
  fatigue: { window: 7d, blockMultiplierPerMessage: 0.3, maxBlockMultiplier: 2 }

campaigns:
  - name: daily-deal
    template: daily_deal
    audience: { segments: [engaged, casual], share: 1 }   # ← who receives it
    start: 2026-03-02
    cadence: daily             # ← once | daily | weekly | every: 3d
    window: "10:00-20:00"      # ← local sending hours; quoted, so YAML reads it as text
    throttle: { policy: fill-limit, headroom: 0.05 }     # use the limit, keep 5 % spare
    retry:
      "131049": { after: 24h, max: 1 }   # per-user marketing cap: try once more a day later
`;
}

/** Writes `text` to `file` unless something is already there, atomically (see the header). */
function writeNew(file: string, text: string): void {
  const fail = (why: string): UserError => new UserError(`cannot write ${file}: ${why}`, ExitCode.Usage);
  try {
    mkdirSync(dirname(file), { recursive: true });
  } catch (err) {
    throw fail((err as NodeJS.ErrnoException).code === "EEXIST" || (err as NodeJS.ErrnoException).code === "ENOTDIR" ? "a part of the path is a file, not a folder" : String((err as Error).message));
  }
  const tmp = join(dirname(file), `.tiersim-tmp-${process.pid}-${basename(file)}`);
  try {
    rmSync(tmp, { force: true }); // a leftover of an interrupted run with the same pid
    writeFileSync(tmp, text);
    try {
      linkSync(tmp, file);
    } catch (err) {
      // File systems without hard links: an exclusive copy still never replaces a file.
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== "EPERM" && code !== "ENOTSUP" && code !== "ENOSYS" && code !== "EOPNOTSUPP") throw err;
      copyFileSync(tmp, file, constants.COPYFILE_EXCL);
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EEXIST") throw refuse(file);
    throw fail(code === "EACCES" || code === "EPERM" ? "permission denied" : code === "EROFS" ? "the file system is read-only" : (err as Error).message);
  } finally {
    rmSync(tmp, { force: true });
  }
}

function refuse(file: string): UserError {
  return new UserError(`${file} already exists; tiersim init never overwrites a file: name another (tiersim init my-campaign.yaml) or remove it first`, ExitCode.Usage);
}

interface Args {
  file: string;
}

export const command: CommandModule<object, Args> = {
  command: "init [file]",
  describe: "Write a commented starter scenario (the quickstart's campaign) to adapt; never overwrites",
  builder: (y: Argv) =>
    y
      .positional("file", { type: "string", default: "scenario.yaml", describe: "Where to write it (.yaml)" })
      .example("$0 init my-campaign.yaml", "write my-campaign.yaml, then edit the values marked ←")
      .example("$0 init scenarios/spring.yaml && $0 validate scenarios/spring.yaml", "start a scenario and check it") as unknown as Argv<Args>,
  handler: (argv: ArgumentsCamelCase<Args>) => {
    const file = argv.file;
    if (existsSync(file)) throw refuse(file);
    const ref = schemaReference(dirname(resolve(file)));
    writeNew(file, starterScenario(ref.path));
    const where = ref.source === "dependency" ? "the project's tiersim (node_modules)" : "this tiersim installation";
    process.stdout.write(`Wrote ${file}. Edit the values marked ←, then: tiersim validate ${file}\n`);
    process.stderr.write(`Editor completion: its $schema line points at ${where}: ${ref.path}\n`);
  },
};
