// `tiersim schema [--out FILE] [--format json-schema|markdown]`: publishes the scenario format
// derived from the zod schema — the JSON Schema editors read, or the reference document.
import type { ArgumentsCamelCase, Argv, CommandModule } from "yargs";
import { scenarioJsonSchemaText } from "../../scenarios/json-schema.js";
import { renderScenarioDoc } from "../../scenarios/docs.js";
import { writeFileAtomic } from "../output.js";

interface Args {
  out?: string;
  format: "json-schema" | "markdown";
}

export const command: CommandModule<object, Args> = {
  command: "schema",
  describe: "Print the scenario JSON Schema (draft-07), or write it with --out",
  builder: (y: Argv) =>
    y
      .option("out", { type: "string", describe: "Write to this file (atomically) instead of stdout" })
      .option("format", { choices: ["json-schema", "markdown"] as const, default: "json-schema" as const, describe: "json-schema for editors, markdown for docs/scenario-format.md" })
      .example("$0 schema --out scenarios/scenario.schema.json", "refresh the committed schema")
      .example("$0 schema --format markdown --out docs/scenario-format.md", "refresh the format reference") as unknown as Argv<Args>,
  handler: (argv: ArgumentsCamelCase<Args>) => {
    const text = argv.format === "markdown" ? renderScenarioDoc() : scenarioJsonSchemaText();
    if (argv.out) {
      writeFileAtomic(argv.out, text);
      process.stderr.write(`wrote ${argv.out}\n`);
    } else process.stdout.write(text);
  },
};
