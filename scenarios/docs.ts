// docs/scenario-format.md is generated from the JSON Schema (itself generated from the zod
// schema), so every key, type, default and description in the reference is the one the
// loader enforces. A test fails when the committed document is stale.
import { DURATION_PATTERN, ISO_DATE_PATTERN, ISO_DATETIME_PATTERN } from "./schema.js";
import { scenarioJsonSchema } from "./json-schema.js";
import type { JsonSchemaNode } from "./json-schema.js";
import { MAX_FILE_BYTES } from "./load.js";
import { MAX_USERS, BYTES_PER_USER, PLAN_EXCLUSIVE_KEYS } from "./checks.js";
import { ISSUE_CODES } from "./issues.js";
import { formatDuration } from "../models/duration.js";
import { DEFAULT_MAX_EVENTS, MAX_DAYS, MAX_RESUBMITS, MAX_RETRIES, MIN_CADENCE_MS, MIN_RETRY_DELAY_MS } from "./bounds.js";

/** The shipped examples and the question each answers; a test keeps this list equal to scenarios/*.yaml. */
export const EXAMPLES: ReadonlyArray<{ file: string; question: string }> = [
  { file: "quickstart.yaml", question: "How fast does a newly verified retailer climb from 2K to a limit that covers its list? (the default job)" },
  { file: "seed-2023-unverified.yaml", question: "How long does an unverified sender capped at 50 users a day take to reach 3,000, and what does verification change?" },
  { file: "verified-ramp-to-unlimited.yaml", question: "On which day does a verified sender filling its limit every day reach unlimited?" },
  { file: "template-paralysis.yaml", question: "How soon do blocks and reports pause, then disable, an aggressive marketing template?" },
  { file: "per-user-caps.yaml", question: "How many marketing sends fail with 131049 when the same users get three messages a day?" },
  { file: "policy-enforcement.yaml", question: "When does a hostile daily sender, replacing every disabled template, meet Meta's enforcement ladder, and for how long is it blocked?" },
  { file: "worked-example-2days.yaml", question: "Meta's example: 500 users on day 1 (the 500th at 15:00) → 10K at 15:00 on day 2." },
  { file: "worked-example-4days.yaml", question: "Meta's example: 100 / 200 / 200 users (the 500th at 19:00 on day 3) → 10K at 19:00 on day 4." },
  { file: "worked-example-2025.yaml", question: "Under the current rules, how fast can exact batches take a portfolio from 2K to unlimited?" },
  { file: "two-number-portfolio.yaml", question: "How do two numbers share one portfolio-wide limit under the 2025 rules?" },
  { file: "uncertain-growth.yaml", question: "When does a growing list reach 100K when its growth, rates and delays are uncertain, and which unknown decides it? (a projection with distributions)" },
];

/** The smallest useful scenario; shown in the reference and checked by a test. */
export const MINIMAL_EXAMPLE = `# yaml-language-server: $schema=./scenario.schema.json
name: Minimal — one approved template, one daily campaign
start: 2026-03-02T00:00:00+01:00
days: 14
timezone: Europe/Madrid
templates:
  - { name: weekly_offer, category: MARKETING }
audience:
  optedIn: 5000
campaigns:
  - { name: offer, template: weekly_offer, cadence: daily, window: "10:00-20:00" }
`;

const isDuration = (n: JsonSchemaNode): boolean => Boolean(n.anyOf?.some((b) => b.pattern === DURATION_PATTERN));
const isDateTime = (n: JsonSchemaNode): boolean => n.pattern === ISO_DATETIME_PATTERN;
const isDateOrDateTime = (n: JsonSchemaNode): boolean => n.pattern === `(${ISO_DATETIME_PATTERN})|(${ISO_DATE_PATTERN})`;

function typeOf(n: JsonSchemaNode): string {
  if (isDuration(n)) return "duration";
  if (n.enum) return n.enum.map((v) => `\`${JSON.stringify(v)}\``).join(" \\| ");
  if (n.const !== undefined) return `\`${JSON.stringify(n.const)}\``;
  if (n.anyOf) return [...new Set(n.anyOf.map(typeOf))].join(" or ");
  const t = Array.isArray(n.type) ? n.type.join(" or ") : n.type;
  if (t === "string") {
    if (isDateOrDateTime(n)) return "date or date-time";
    if (isDateTime(n)) return "date-time";
    return "string";
  }
  if (t === "number" || t === "integer") {
    const lo = n.minimum ?? (n.exclusiveMinimum !== undefined ? `>${n.exclusiveMinimum}` : undefined);
    const hi = n.maximum !== undefined && n.maximum < Number.MAX_SAFE_INTEGER ? n.maximum : undefined;
    if (lo === 0 && hi === 1 && t === "number") return "probability";
    const range = lo !== undefined || hi !== undefined ? ` (${lo ?? "…"}–${hi ?? "…"})`.replace("(>0–…)", "(> 0)") : "";
    return `${t}${range}`;
  }
  if (t === "array") return n.items ? `list of ${typeOf(n.items)}` : "list";
  if (t === "object") {
    if (n.properties) return "mapping";
    const v = typeof n.additionalProperties === "object" ? typeOf(n.additionalProperties) : "value";
    return `map of key → ${v}`;
  }
  return t ?? "any";
}

const cell = (s: string): string => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
const unescapedPipe = (s: string): string => s.replace(/\\\\\|/g, "\\|");

function defaultText(n: JsonSchemaNode, required: boolean): string {
  if (required) return "**required**";
  if (n.default === undefined) return "—";
  const d = JSON.stringify(n.default);
  return `\`${d.length > 60 ? d.slice(0, 57) + "…" : d}\``;
}

function objectsOf(n: JsonSchemaNode): JsonSchemaNode[] {
  if (n.properties) return [n];
  if (n.items) return objectsOf(n.items);
  if (n.anyOf) return n.anyOf.flatMap(objectsOf);
  if (typeof n.additionalProperties === "object") return objectsOf(n.additionalProperties);
  return [];
}

function childTitle(parent: string, key: string, n: JsonSchemaNode): string {
  const base = parent === "" ? key : `${parent}.${key}`;
  if (n.items || n.anyOf?.some((b) => b.items)) return `${base}[]`;
  if (!n.properties && typeof n.additionalProperties === "object") return `${base}.<key>`;
  return base;
}

function section(title: string, n: JsonSchemaNode, out: string[]): void {
  const req = new Set(n.required ?? []);
  out.push(`### \`${title === "" ? "(top level)" : title}\``, "");
  if (n.description) out.push(n.description, "");
  out.push("| Key | Type | Default | Meaning |", "| --- | --- | --- | --- |");
  const nested: Array<[string, JsonSchemaNode]> = [];
  for (const [key, child] of Object.entries(n.properties ?? {})) {
    out.push(`| \`${key}\` | ${unescapedPipe(cell(typeOf(child)))} | ${cell(defaultText(child, req.has(key)))} | ${cell(child.description ?? "")} |`);
    for (const obj of objectsOf(child)) nested.push([childTitle(title, key, child), obj]);
  }
  out.push("");
  for (const [t, obj] of nested) section(t, obj, out);
}

/**
 * Renders docs/scenario-format.md: conventions, a minimal example and one table per object
 * (key, type, default, meaning) generated from the schema descriptions.
 *
 * @example
 * ```ts
 * writeFileSync("docs/scenario-format.md", renderScenarioDoc());
 * ```
 */
export function renderScenarioDoc(): string {
  const schema = scenarioJsonSchema();
  const out: string[] = [
    "# Scenario file format",
    "",
    "<!-- Generated from the zod schema in scenarios/schema.ts by `tiersim schema --format markdown --out docs/scenario-format.md`. Do not edit by hand: a test compares this file with the schema. -->",
    "",
    "A scenario is a YAML (or JSON) file describing who sends what to whom, under which rule set. Check one with",
    "`tiersim validate my.yaml`; run it with `tiersim run my.yaml`. Put this modeline on line 1 so an editor with the",
    "YAML language server completes keys and shows these descriptions on hover:",
    "",
    "```yaml",
    "# yaml-language-server: $schema=./scenario.schema.json",
    "```",
    "",
    "(the path is relative to the scenario file; `scenarios/scenario.schema.json` is the published schema).",
    "",
    "## Conventions",
    "",
    "- **Strict objects.** Every mapping accepts only the keys listed below; a misspelt key is an error with a \"did you mean\".",
    "- **Durations** are text with a unit — `500ms`, `90s`, `15m`, `6h`, `7d`, `2w`, decimals allowed (`1.5h`) — or a whole number of milliseconds.",
    "- **Probabilities** and shares are numbers in [0, 1]. Segment shares and market shares must each add up to 1.",
    "- **Dates** are ISO-8601 date-times with an offset (`2026-03-02T09:00:00+01:00`, `2026-03-02T08:00:00Z`). Where a *date or date-time* is accepted, a bare date (`2026-03-03`) means 00:00 in the scenario's `timezone`.",
    "- **Time zones** are IANA names (`Europe/Madrid`, `America/Mexico_City`, `UTC`).",
    "- **Daylight saving.** Local times stay local across a change of UTC offset: a `window: \"10:00-20:00\"` in Europe/Madrid is 09:00–19:00 UTC on 28 March 2026 and 08:00–18:00 UTC from 29 March, and a `daily` (or `weekly`, or `every: 3d`) campaign keeps its first occurrence's local time of day; an interval that is not a whole number of days (`every: 12h`) is elapsed time. A local time the clocks skip (02:30 on 29 March in Madrid) is the moment of the change (03:00 local), as cron-like schedulers do; a time they show twice (02:30 on 25 October) is its first occurrence. A window whose both ends fall in the skipped hour is empty that day.",
    "- **Limits** are numbers of distinct users per moving 24 h; `null` is unlimited. `business.limit` must be a rung of the chosen rule set's ladder (`tiersim rules <id>`).",
    "- **Overrides** name any rule-set parameter by dotted path (`autoScale.delay: 6h`); unknown paths are errors with a suggestion.",
    `- **Plans.** A campaign with a \`plan\` sends exactly its entries, each to fresh distinct users, in time order. ${PLAN_EXCLUSIVE_KEYS.map((k) => `\`${k}\``).join(", ")} have no effect on it and are refused next to a plan; \`audience.segments\` still chooses where the users come from.`,
    "- **Cross-checks.** Names of templates, segments, campaigns and phone numbers are unique; campaigns and templates refer only to existing templates, segments and numbers; every date lies inside the horizon (`start` + `days`); send windows do not wrap midnight; throttle policies have their parameters; template categories exist in the chosen era.",
    `- **Limits on size.** Files over ${MAX_FILE_BYTES / 1024 / 1024} MB are refused, and so are audiences that would exceed ${MAX_USERS.toLocaleString("en-US")} users (\`optedIn + growthPerDay × days\`): the simulator keeps about ${BYTES_PER_USER} bytes of state per user.`,
    `- **Bounded work.** A horizon is at most ${MAX_DAYS} days; a campaign recurs at most every ${formatDuration(MIN_CADENCE_MS)} (\`cadence: { every: … }\`); a retry waits at least ${formatDuration(MIN_RETRY_DELAY_MS)} and a rule retries at most ${MAX_RETRIES} times; a template is resubmitted at most ${MAX_RESUBMITS} times. Before running, tiersim estimates the simulation events one run generates — users created, users passed over at each campaign occurrence, send attempts with every retry, replies and blocks, inbound messages, periodic evaluations — and refuses (\`too-much-work\`, exit 3) a scenario above ${DEFAULT_MAX_EVENTS.toLocaleString("en-US")} events, naming the keys that drive the estimate. The estimate errs high (every targeted user attempted at every occurrence, every retry used): the 1M-user, 30-day benchmark scenario is estimated at about 8 × 10⁷. \`validate\`, \`run\`, \`sweep\` and \`check-throttle\` take \`--max-events N\` to move the budget.`,
    "- **Plain data only.** Only the YAML core schema is accepted: no custom tags (`!!js/function`, `!!binary`, …), no merge keys (`<<`), a bounded number of aliases. A scenario never executes code.",
    "",
    "## Minimal example",
    "",
    "```yaml",
    MINIMAL_EXAMPLE.trimEnd(),
    "```",
    "",
    "## Examples",
    "",
    "Commented scenarios in `scenarios/`, each answering one question; copy the closest and adapt it (each file's header says how).",
    "",
    "| File | Question |",
    "| --- | --- |",
    ...EXAMPLES.map((e) => `| [\`${e.file}\`](../scenarios/${e.file}) | ${cell(e.question)} |`),
    "",
    "## Issue codes",
    "",
    "`tiersim validate` reports every problem at once as `file:line:col  path: message — fix`; `--json` gives the same as data, each issue with one of these stable codes.",
    "",
    "| Code | Meaning |",
    "| --- | --- |",
    ...Object.entries(ISSUE_CODES).map(([code, meaning]) => `| \`${code}\` | ${cell(meaning)} |`),
    "",
    "## Keys",
    "",
  ];
  section("", schema, out);
  return out.join("\n").replace(/\n+$/, "") + "\n";
}
