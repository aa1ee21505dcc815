// tiersim command line: a thin adapter over the library. It parses, calls, prints and
// maps outcomes to the exit codes of DESIGN §6 — and never shows a stack trace for a
// user's mistake.
import yargs from "yargs";
import type { CommandModule } from "yargs";
import { hideBin } from "yargs/helpers";
import { ExitCode, UserError } from "./exit-codes.js";
import { checkCommandPaths } from "./io/paths.js";
import { endOnWriteError, guardStdio, isStdioError } from "./io/stdio.js";
import { visibleText } from "../reports/sanitize.js";
import { commands } from "./commands/index.js";
import { closest } from "../models/rules/suggest.js";
import { VERSION } from "../index-version.js";

async function main(argv: string[]): Promise<void> {
  guardStdio();
  const modules = await Promise.all(commands.map((load) => load()));
  let cli = yargs(argv)
    .scriptName("tiersim")
    .usage("tiersim — simulate WhatsApp Business outbound messaging against Meta's messaging-limit tiers.\n\nUsage: $0 <command> [options]")
    .version(VERSION)
    .alias("h", "help")
    .wrap(Math.min(100, process.stdout.columns || 80))
    .strict()
    .recommendCommands()
    .demandCommand(1, "Name a command: see the list above.")
    .epilogue("Exit codes: 0 ok · 1 a check or assertion failed · 2 usage error · 3 invalid input file · 74 output could not be written.\nDocs: README.md, docs/scenario-format.md.")
    // Output paths are checked before any work: empty, over an input, or impossible to create.
    .middleware((args) => checkCommandPaths(args as Parameters<typeof checkCommandPaths>[0]))
    .fail((msg, err, y) => {
      if (err) throw err;
      let help = "";
      y.showHelp((s: string) => (help = s));
      process.stderr.write(help + "\n\n");
      process.stderr.write(`tiersim: ${msg}${flagHint(msg, help)}\n`);
      process.exit(ExitCode.Usage);
    });
  for (const m of modules) cli = cli.command(m.command as CommandModule<object, never>);
  cli = cli
    .example("$0 run scenarios/quickstart.yaml --out results/q", "simulate once: summary, result.json, report and charts")
    .example("$0 run scenarios/quickstart.yaml --runs 200", "Monte Carlo projection over 200 futures")
    .example("$0 validate scenarios/*.yaml", "check scenario files, every mistake with file:line:col")
    .example("$0 sweep scenarios/quickstart.yaml --vary audience.segments[1].block=0.002,0.004,0.008", "which assumption moves the outcome most")
    .example("$0 check-throttle scenarios/quickstart.yaml --assert 'errors.130429 == 0'", "validate a sender throttle")
    .example("$0 rules meta-2025-10", "one rule set's parameters and their sources");
  await cli.parseAsync();
}

/** " (did you mean: --jsn → --json?)" for an unknown flag close to one the command's help lists. */
function flagHint(msg: string, help: string): string {
  const m = /^Unknown arguments?: (.+)$/.exec(msg);
  if (!m) return "";
  const known = [...new Set([...help.matchAll(/--([a-z][\w-]*)/g)].map((x) => x[1]))];
  const hints = m[1]
    .split(", ")
    .map((bad) => [bad.replace(/^-+/, ""), closest(bad.replace(/^-+/, ""), known)] as const)
    .filter(([, good]) => good !== undefined)
    .map(([bad, good]) => `--${bad} → --${good}`);
  return hints.length > 0 ? ` (did you mean: ${hints.join(", ")}?)` : "";
}

main(hideBin(process.argv)).catch((err: unknown) => {
  if (err instanceof UserError) {
    // Messages quote files and arguments: control characters are shown escaped, never sent raw.
    process.stderr.write(`tiersim: ${err.message.split("\n").map(visibleText).join("\n")}\n`);
    process.exit(err.exitCode);
  }
  if (isStdioError(err)) endOnWriteError(err, "standard output");
  process.stderr.write(`tiersim: internal error — please report it with the command you ran.\n${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(ExitCode.Internal);
});
