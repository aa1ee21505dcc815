// tiersim command line: a thin adapter over the library. It parses, calls, prints and
// maps outcomes to the exit codes of DESIGN §6 — and never shows a stack trace for a
// user's mistake.
import yargs from "yargs";
import type { CommandModule } from "yargs";
import { hideBin } from "yargs/helpers";
import { ExitCode, UserError } from "./exit-codes.js";
import { commands } from "./commands/index.js";
import { VERSION } from "../index-version.js";

async function main(argv: string[]): Promise<void> {
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
    .epilogue("Exit codes: 0 ok · 1 a check or assertion failed · 2 usage error · 3 invalid input file.\nDocs: README.md, docs/scenario-format.md.")
    .fail((msg, err, y) => {
      if (err) throw err;
      y.showHelp((s: string) => process.stderr.write(s + "\n\n"));
      process.stderr.write(`tiersim: ${msg}\n`);
      process.exit(ExitCode.Usage);
    });
  for (const m of modules) cli = cli.command(m.command as CommandModule<object, never>);
  cli = cli
    .example("$0 rules", "list the rule sets (eras) tiersim models")
    .example("$0 rules meta-2025-10", "show one rule set's parameters and sources");
  await cli.parseAsync();
}

main(hideBin(process.argv)).catch((err: unknown) => {
  if (err instanceof UserError) {
    process.stderr.write(`tiersim: ${err.message}\n`);
    process.exit(err.exitCode);
  }
  process.stderr.write(`tiersim: internal error — please report it with the command you ran.\n${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(70);
});
