// `tiersim schema [--out FILE] [--format json-schema|markdown] [--result NAME]`: publishes the
// formats derived from their zod schemas — the scenario's JSON Schema editors read or its
// reference document, or the JSON Schema of a result contract (run, projection, sweep, shard, backtest, calibration).
import type { ArgumentsCamelCase, Argv, CommandModule } from "yargs";
import { scenarioJsonSchemaText } from "../../scenarios/json-schema.js";
import { renderScenarioDoc } from "../../scenarios/docs.js";
import { CONTRACT_NAMES, resultJsonSchemaText, type ContractName } from "../../studies/contracts.js";
import { ExitCode, UserError } from "../exit-codes.js";
import { writeFileAtomic } from "../output.js";

interface Args {
  out?: string;
  format: "json-schema" | "markdown";
  result?: ContractName;
}

export const command: CommandModule<object, Args> = {
  command: "schema",
  describe: "Print the scenario JSON Schema (draft-07) or a result contract's, or write it with --out",
  builder: (y: Argv) =>
    y
      .option("out", { type: "string", describe: "Write to this file (atomically) instead of stdout" })
      .option("format", { choices: ["json-schema", "markdown"] as const, default: "json-schema" as const, describe: "json-schema for editors, markdown for docs/scenario-format.md" })
      .option("result", { choices: CONTRACT_NAMES, describe: "The JSON Schema of a result contract instead: tiersim/run@1, projection@1, sweep@1, shard@1, backtest@1 or calibration@1" })
      .example("$0 schema --out scenarios/scenario.schema.json", "refresh the committed schema")
      .example("$0 schema --format markdown --out docs/scenario-format.md", "refresh the format reference")
      .example("$0 schema --result projection --out schemas/projection.schema.json", "refresh a result contract's schema") as unknown as Argv<Args>,
  handler: (argv: ArgumentsCamelCase<Args>) => {
    if (argv.result !== undefined && argv.format === "markdown") throw new UserError("--format markdown documents the scenario format; drop it with --result", ExitCode.Usage);
    const text = argv.result !== undefined ? resultJsonSchemaText(argv.result) : argv.format === "markdown" ? renderScenarioDoc() : scenarioJsonSchemaText();
    if (argv.out) {
      writeFileAtomic(argv.out, text);
      process.stderr.write(`wrote ${argv.out}\n`);
    } else process.stdout.write(text);
  },
};
