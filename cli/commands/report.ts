// `tiersim report <result.json> --out DIR`: rebuild the documents and charts from a saved
// result (single run, projection or sweep) — the same files `tiersim run --out` writes.
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { CommandModule } from "yargs";
import { parseResult } from "../../reports/index.js";
import { writeReportFiles, type ReportWritten } from "../command-helpers.js";
import { ExitCode, UserError } from "../exit-codes.js";

/**
 * Reads a saved result, renders its report and writes every file atomically under `outDir`.
 * An unreadable file, invalid JSON or an unknown/invalid schema is a `UserError` with exit code 3.
 *
 * @example
 * ```ts
 * const { files } = await writeReport("results/quickstart/result.json", "results/quickstart");
 * ```
 */
export async function writeReport(resultFile: string, outDir: string): Promise<ReportWritten> {
  let text: string;
  try {
    text = readFileSync(resultFile, "utf8");
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (err as Error).message;
    throw new UserError(`cannot read ${resultFile}: ${reason}`, ExitCode.InvalidInput);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UserError(`${resultFile} is not valid JSON: ${(err as Error).message}`, ExitCode.InvalidInput);
  }
  const parsed = parseResult(json);
  if (!parsed.ok) {
    throw new UserError(`${resultFile} is not a tiersim result this version can report on:\n${parsed.issues.map((i) => `  - ${i}`).join("\n")}`, ExitCode.InvalidInput);
  }
  return writeReportFiles(parsed.result, outDir);
}

const reportCommand: CommandModule<object, { result: string; out: string }> = {
  command: "report <result>",
  describe: "Rebuild report.md, report.html and charts/ (SVG, PNG, Vega-Lite) from a saved result.json",
  builder: (y) =>
    y
      .positional("result", { type: "string", demandOption: true, describe: "A result file written by tiersim run / sweep (tiersim/run@1, projection@1 or sweep@1)" })
      .option("out", { type: "string", demandOption: true, describe: "Folder to write report.md, report.html and charts/ into" })
      .example("$0 report results/quickstart/result.json --out results/quickstart", "regenerate the report and charts of a saved run"),
  handler: async (argv) => {
    const { outDir, files, charts } = await writeReport(argv.result, argv.out);
    const shown = relative(process.cwd(), outDir) || ".";
    process.stdout.write(
      `Report written to ${shown}/: report.md, report.html and ${charts} charts in charts/ (SVG, PNG, Vega-Lite) — ${files.length} files.\n` +
        `Open ${join(shown, "report.html")} in a browser.\n`,
    );
  },
};

// The registry holds commands of every argument shape; yargs checks arguments at run time.
export const command = reportCommand as unknown as CommandModule<object, never>;
