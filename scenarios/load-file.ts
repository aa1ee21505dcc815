// Reading a scenario from disk: the one place in scenarios/ that touches the file system.
import { readFileSync, statSync } from "node:fs";
import { loadScenarioText, MAX_FILE_BYTES } from "./load.js";
import type { IssueCode } from "./issues.js";
import type { LoadOptions, LoadResult } from "./load.js";

export { formatIssue, loadScenarioText } from "./load.js";
export type { LoadOptions, LoadResult, LoadedScenario, ScenarioIssue } from "./load.js";

/**
 * Reads and validates a scenario file. Missing, unreadable and oversized files come back as
 * issues (`file-not-found`, `file-unreadable`, `file-too-large`), never as exceptions; `options`
 * as for {@link loadScenarioText} (the run's `days`, the event budget).
 *
 * @example
 * ```ts
 * const r = loadScenarioFile("scenarios/quickstart.yaml");
 * if (r.ok) console.log(r.scenario.name, r.ruleSet.id);
 * ```
 */
export function loadScenarioFile(path: string, options: LoadOptions = {}): LoadResult {
  const fail = (code: IssueCode, message: string, fix: string): LoadResult => ({ ok: false, file: path, issues: [{ file: path, line: 1, column: 1, path: "", code, message, fix }] });
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) return fail("file-unreadable", "not a file", "name a .yaml or .json scenario file");
    size = st.size;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return fail("file-not-found", "no such file", "check the path (scenarios live in scenarios/*.yaml)");
    return fail("file-unreadable", `cannot read the file (${code ?? String(err)})`, "check the path and its permissions");
  }
  // Refuse before reading, so a huge file costs nothing.
  if (size > MAX_FILE_BYTES) {
    return fail("file-too-large", `the file is ${(size / 1024 / 1024).toFixed(1)} MB, more than ${MAX_FILE_BYTES / 1024 / 1024} MB`, "a scenario describes an audience, it does not list it: use optedIn, segments and plans");
  }
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    return fail("file-unreadable", `cannot read the file (${(err as NodeJS.ErrnoException).code ?? String(err)})`, "check the path and its permissions");
  }
  return loadScenarioText(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, path, options);
}
