// `tiersim validate <scenario...>`: checks scenario files without running them, so a
// strategist (or CI) learns about every mistake, with its position, in one go.
import type { ArgumentsCamelCase, Argv, CommandModule } from "yargs";
import { loadScenarioFile } from "../../scenarios/load-file.js";
import type { LoadOptions } from "../../scenarios/load-file.js";
import { MAX_EVENTS_OPTION, maxEventsFrom } from "../io/budget-flag.js";
import { formatIssue } from "../../scenarios/issues.js";
import type { ScenarioIssue } from "../../scenarios/issues.js";
import { ExitCode } from "../exit-codes.js";
import { printJson } from "../output.js";
import { visibleText } from "../../reports/sanitize.js";

interface Args {
  files: string[];
  json: boolean;
  maxEvents?: number;
}

/** One file's verdict, as printed by `--json`. */
export interface ValidateFileReport {
  file: string;
  ok: boolean;
  issues: ScenarioIssue[];
}

/**
 * Validates each file (against the default work budget, or `options.maxEvents`) and renders
 * the human report: `✔ file` or `✖ file` followed by its issues, indented. Returns the lines
 * and whether every file passed.
 *
 * @example
 * ```ts
 * const { reports, lines } = validateFiles(["scenarios/quickstart.yaml"]);
 * reports[0].ok; // true
 * ```
 */
export function validateFiles(files: readonly string[], options: LoadOptions = {}): { reports: ValidateFileReport[]; lines: string[] } {
  const reports = files.map((file): ValidateFileReport => {
    const r = loadScenarioFile(file, options);
    return r.ok ? { file, ok: true, issues: [] } : { file, ok: false, issues: r.issues };
  });
  // Issues quote what the file says (keys, values): shown escaped, a file cannot drive the terminal.
  const lines = reports.flatMap((r) =>
    r.ok
      ? [`✔ ${visibleText(r.file)}`]
      : [
          `✖ ${visibleText(r.file)}  (${r.issues.length} issue${r.issues.length === 1 ? "" : "s"})`,
          ...r.issues.map((i) =>
            formatIssue(i)
              .split("\n")
              .map((l) => `  ${visibleText(l)}`)
              .join("\n"),
          ),
        ],
  );
  return { reports, lines };
}

export const command: CommandModule<object, Args> = {
  command: "validate <files...>",
  describe: "Check scenario files: every mistake with file:line:col, nothing is simulated",
  builder: (y: Argv) =>
    y
      .positional("files", { type: "string", array: true, demandOption: true, describe: "Scenario files (.yaml or .json)" })
      .option("json", { type: "boolean", default: false, describe: "Print the issues as one JSON document" })
      .option("max-events", MAX_EVENTS_OPTION)
      .example("$0 validate scenarios/*.yaml", "check every example")
      .example("$0 validate my.yaml --json", "issues as data, for editors and CI") as unknown as Argv<Args>,
  handler: (argv: ArgumentsCamelCase<Args>) => {
    const { reports, lines } = validateFiles(argv.files, { maxEvents: maxEventsFrom(argv) });
    if (argv.json) printJson({ files: reports });
    else process.stdout.write(lines.join("\n") + "\n");
    process.exitCode = reports.every((r) => r.ok) ? ExitCode.Ok : ExitCode.InvalidInput;
  },
};
