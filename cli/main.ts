// tiersim command line: a thin adapter over the library. It parses, calls, prints and
// maps outcomes to the exit codes of DESIGN §6 — and never shows a stack trace for a
// user's mistake.
//
// Conventions every command gets from here (usageConventions), so a new command or flag
// cannot forget them:
// - a usage error prints one line — what is wrong, the closest flag when one was mistyped,
//   and which `--help` to read — never the whole help;
// - a flag that takes a value takes exactly one, each time it is given: a repeatable flag
//   (`--assert`, `--vary`, …) is repeated, and a file written after it stays a file;
// - a flag given without its value, or a number flag given text, is a usage error.
import yargs from "yargs";
import type { Argv, CommandModule, Options } from "yargs";
import { hideBin } from "yargs/helpers";
import { ExitCode, UserError } from "./exit-codes.js";
import { checkCommandPaths } from "./io/paths.js";
import { endOnWriteError, guardStdio, isStdioError } from "./io/stdio.js";
import { visibleText } from "../reports/sanitize.js";
import { commands } from "./commands/index.js";
import { closest } from "../models/rules/suggest.js";
import { VERSION } from "../index-version.js";
import { COMPLETION_SHELL_ENV } from "./commands/completion.js";

type AnyCommand = CommandModule<object, never>;

async function main(argv: string[]): Promise<void> {
  guardStdio();
  // `tiersim <command> …` loads that command's module alone; help, completion and mistyped
  // commands need them all.
  const first = argv[0];
  const only = argv.includes("--get-yargs-completions") ? undefined : commands.find((c) => c.name === first);
  const modules = (await Promise.all((only ? [only] : commands).map((c) => c.load()))).map((m) => m.command as AnyCommand);
  const names = commands.map((c) => c.name);
  completionShell(argv);
  let cli = yargs(argv)
    .scriptName("tiersim")
    .usage("tiersim — simulate WhatsApp Business outbound messaging against Meta's messaging-limit tiers.\n\nUsage: $0 <command> [options]")
    .version(VERSION)
    .alias("h", "help")
    .wrap(Math.min(100, process.stdout.columns || 80))
    // `--assert "…" file.yaml`: the file is the positional, not a second assertion.
    .parserConfiguration({ "greedy-arrays": false })
    .strict()
    .recommendCommands()
    .demandCommand(1, `name a command: ${names.join(", ")}`)
    .epilogue("Exit codes: 0 ok · 1 a check or assertion failed · 2 usage error · 3 invalid input file · 74 output could not be written.\nDocs: README.md, docs/scenario-format.md.")
    // Output paths are checked before any work: empty, over an input, or impossible to create.
    .middleware((args) => checkCommandPaths(args as Parameters<typeof checkCommandPaths>[0]))
    .fail((msg: string | null, err: unknown, y) => {
      // yargs' own parse errors ("Not enough arguments following: seed") arrive as a YError,
      // a failed .check() as its message; anything else thrown is a bug or a handler's
      // UserError, reported by the catch below.
      if (err instanceof Error && err.name !== "YError") throw err;
      msg = msg ?? (err instanceof Error ? err.message : String(err));
      // The help text is rendered only to learn the flags this command knows, for the hint.
      let help = "";
      y.showHelp((s: string) => (help = s));
      process.stderr.write(`tiersim: ${oneLine(msg)}${flagHint(msg, help)}; ${seeHelp(argv, names)}\n`);
      process.exit(ExitCode.Usage);
    });
  for (const m of modules) cli = cli.command(usageConventions(m));
  cli = cli
    .example("$0 init my-campaign.yaml", "start a scenario of your own from a commented template")
    .example("$0 run scenarios/quickstart.yaml --out results/q", "simulate once: summary, result.json, report and charts")
    .example("$0 run scenarios/quickstart.yaml --runs 200", "Monte Carlo projection over 200 futures")
    .example("$0 validate scenarios/*.yaml", "check scenario files, every mistake with file:line:col")
    .example("$0 sweep scenarios/quickstart.yaml --vary audience.segments[1].block=0.002,0.004,0.008", "which assumption moves the outcome most")
    .example("$0 check-throttle scenarios/quickstart.yaml --assert 'errors.130429 == 0'", "validate a sender throttle")
    .example("$0 emulate scenarios/quickstart.yaml", "a local Cloud API enforcing the scenario's platform, for a real sender")
    .example("$0 rules meta-2025-10", "one rule set's parameters and their sources");
  try {
    await cli.parseAsync();
  } catch (err) {
    if (err instanceof UserError && err.exitCode === ExitCode.Usage) err.message += `${err.message.includes("\n") ? "\n" : "; "}${seeHelp(argv, names)}`;
    throw err;
  }
}

/** "see `tiersim run --help`" for the command the user was typing, or the top-level help. */
function seeHelp(argv: readonly string[], names: readonly string[]): string {
  const first = argv.find((a) => !a.startsWith("-"));
  return `see \`tiersim${first !== undefined && names.includes(first) ? ` ${first}` : ""} --help\``;
}

/** yargs writes some messages over several lines ("Invalid values:\n  Argument: …"). */
function oneLine(msg: string): string {
  return msg.trim().replace(/\s*\n\s*/g, " ");
}

/**
 * Wraps a command's builder with the conventions of the header comment: every option that
 * takes a value requires one (yargs' requiresArg: exactly one value per occurrence), and a
 * number option given something that is not a number is refused by name.
 */
function usageConventions(m: AnyCommand): AnyCommand {
  const builder = m.builder;
  return {
    ...m,
    builder: (y: Argv) => {
      const built = (typeof builder === "function" ? builder(y as never) : builder ? y.options(builder as Record<string, Options>) : y) as unknown as Argv;
      // getOptions() is yargs API, missing from its type definitions.
      const opts = (built as unknown as { getOptions(): ParserHints }).getOptions();
      const positionals = new Set(positionalNames(m));
      const flags = Object.keys(opts.key).filter((k) => !positionals.has(k) && k !== "help" && k !== "version" && !opts.boolean.includes(k) && !opts.count.includes(k));
      return built.requiresArg(flags).check((args) => {
        for (const k of opts.number) {
          if (positionals.has(k)) continue;
          const values = ([] as unknown[]).concat(args[k] ?? []);
          // A string, not a throw: yargs reports it through .fail() as a usage error.
          if (values.some((v) => typeof v === "number" && Number.isNaN(v))) return `--${k} expects a number`;
        }
        return true;
      }) as never;
    },
  };
}

/** What yargs knows of a command's options once its builder ran. */
interface ParserHints {
  key: Record<string, unknown>;
  boolean: string[];
  count: string[];
  number: string[];
}

/** Names of a command's positionals, from its `command` string ("run <scenario>" → ["scenario"]). */
function positionalNames(m: AnyCommand): string[] {
  const spec = Array.isArray(m.command) ? m.command[0] : m.command;
  return [...String(spec ?? "").matchAll(/[<[]([\w-]+)(?:\.\.\.)?[>\]]/g)].map((x) => x[1]);
}

/**
 * Completion requests come from the scripts `tiersim completion` prints, which name their
 * shell; yargs picks its answer format (plain words for bash, "word:description" for zsh)
 * from $SHELL, so the named shell is what it must see.
 */
function completionShell(argv: readonly string[]): void {
  const shell = process.env[COMPLETION_SHELL_ENV];
  if (!argv.includes("--get-yargs-completions") || (shell !== "bash" && shell !== "zsh")) return;
  process.env.SHELL = shell;
  delete process.env.ZSH_NAME;
}

/** " (did you mean --json?)" for an unknown flag close to one the command's help lists. */
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
