// Problems found in a scenario file, as data. Every problem carries its position, the
// path inside the scenario, what is wrong and how to fix it, so the CLI, an editor or a
// test can present them without re-deriving anything.

/** One problem in a scenario file. Lines and columns are 1-based. */
export interface ScenarioIssue {
  file: string;
  line: number;
  column: number;
  /** Where in the scenario, e.g. `campaigns[0].template`; empty for the whole file. */
  path: string;
  /** What is wrong. */
  message: string;
  /** How to fix it. */
  fix?: string;
  /** Stable machine-readable code, one of the keys of `ISSUE_CODES`. */
  code: IssueCode;
  /** A code frame (source excerpt with a caret) for syntax errors. */
  frame?: string;
}

/**
 * Every issue code the loader emits and what it means. Codes are stable: scripts and editors
 * may branch on them.
 *
 * @example
 * ```ts
 * ISSUE_CODES["shares-sum"]; // "segment or market shares do not add up to 1"
 * ```
 */
export const ISSUE_CODES = {
  "unknown-key": "a key the schema does not define (usually a typo)",
  "missing-key": "a required key is absent",
  "invalid-type": "a value of the wrong type (text where a number is expected, …)",
  "invalid-value": "a value outside a fixed list of choices",
  "invalid-format": "text in the wrong format (duration, date, send window, …)",
  "invalid-key": "a map key in the wrong format (retry error codes, market codes)",
  "out-of-range": "a number or a list size outside its bounds",
  "invalid-date": "a well-formed but impossible date or time (30 February, 25:00)",
  "unknown-timezone": "not an IANA time-zone name",
  "shares-sum": "segment or market shares do not add up to 1",
  "duplicate-name": "two templates, segments, campaigns or phone numbers share a name",
  "unknown-template": "a campaign names a template that is not defined",
  "unknown-segment": "a campaign names a segment that is not defined",
  "unknown-phone": "a campaign or template names a phone number that is not defined",
  "outside-horizon": "a date outside start … start + days",
  "date-order": "a campaign ends before it starts",
  "window-order": "a send window ends before it starts",
  "plan-order": "plan entries are not in time order",
  "plan-conflict": "a key that has no effect next to a plan",
  "plan-exceeds-audience": "plans need more distinct users than the audience has",
  "plan-exceeds-segments": "plans aimed at segments need more fresh users than those segments hold",
  "missing-throttle-param": "a throttle policy without the parameter it needs",
  "category-not-in-era": "a template category that does not exist under the chosen rule set",
  "limit-not-on-ladder": "a starting limit that is not a rung of the rule set's ladder",
  "phone-limit-scope": "a per-number limit under a rule set with one portfolio-wide limit",
  "unknown-override": "an override path that is not a parameter of the rule set",
  "invalid-override": "an override value the parameter does not accept",
  "too-large": "an audience too large to simulate in memory",
  "too-fine": "a cadence or retry delay finer than tiersim simulates",
  "too-much-work": "one run would generate more simulation events than the budget (`--max-events`)",
  "yaml-syntax": "the file is not valid YAML (or JSON)",
  "yaml-tag": "a YAML tag beyond the core schema (scenarios are plain data)",
  "yaml-alias": "aliases that expand too far",
  "empty-file": "the file holds no document",
  "file-too-large": "the file is over 10 MB",
  "file-not-found": "no file at that path",
  "file-unreadable": "the path cannot be read (a folder, no permission, …)",
} as const;
export type IssueCode = keyof typeof ISSUE_CODES;

/** A path inside a scenario as zod and the YAML document see it. */
export type IssuePath = ReadonlyArray<string | number>;

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Renders a path the way a reader writes it: `campaigns[0].retry["131049"].after`.
 *
 * @example
 * ```ts
 * formatPath(["campaigns", 0, "template"]); // "campaigns[0].template"
 * formatPath(["overrides", "autoScale.delay"]); // 'overrides["autoScale.delay"]'
 * ```
 */
export function formatPath(path: IssuePath): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else if (IDENT.test(seg)) out += out === "" ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/**
 * One line per issue: `file:line:col  path: message — fix`, followed by the code frame
 * (indented) when there is one.
 *
 * @example
 * ```ts
 * formatIssue({ file: "a.yaml", line: 3, column: 5, path: "days", message: "expected a number", code: "invalid-type", fix: "write days: 30" });
 * // "a.yaml:3:5  days: expected a number — write days: 30"
 * ```
 */
export function formatIssue(issue: ScenarioIssue): string {
  const where = `${issue.file}:${issue.line}:${issue.column}`;
  const what = issue.path === "" ? issue.message : `${issue.path}: ${issue.message}`;
  const head = `${where}  ${what}${issue.fix ? ` — ${issue.fix}` : ""}`;
  if (!issue.frame) return head;
  return `${head}\n${issue.frame
    .split("\n")
    .map((l) => `    ${l}`)
    .join("\n")}`;
}
