// Reading a saved result back (`tiersim report <result.json>`): detect the contract by its
// `schema` tag and validate the whole document against that contract's own zod schema — the
// one its producer's types come from — so a wrong, damaged or hostile file gets a message
// naming each bad field instead of a crash half-way through rendering. Pure: the caller reads
// the file.
import { contractIssues } from "../sim/contract.js";
import { RunResult } from "../sim/result.js";
import { ProjectionResult } from "../studies/projections/contract.js";
import { SweepResult } from "../studies/sweeps/contract.js";

/** The result schemas `tiersim report` understands, with the contract each is checked against. */
const CONTRACTS = {
  "tiersim/run@1": RunResult,
  "tiersim/projection@1": ProjectionResult,
  "tiersim/sweep@1": SweepResult,
} as const;

/** The result schemas `tiersim report` understands. */
export const RESULT_SCHEMAS = Object.keys(CONTRACTS) as ReadonlyArray<keyof typeof CONTRACTS>;

export type ParsedResult = { ok: true; result: RunResult | ProjectionResult | SweepResult } | { ok: false; issues: string[] };

/**
 * Detects the contract of parsed JSON and validates the document against it. Issues name the
 * path of each problem (`daily.3.delivered: expected a whole number ≥ 0`); at most 10 are listed.
 *
 * @example
 * ```ts
 * const parsed = parseResult(JSON.parse(text));
 * if (!parsed.ok) throw new Error(parsed.issues.join("\n"));
 * ```
 */
export function parseResult(json: unknown): ParsedResult {
  const tag = json !== null && typeof json === "object" && !Array.isArray(json) ? (json as { schema?: unknown }).schema : undefined;
  const contract = typeof tag === "string" && Object.hasOwn(CONTRACTS, tag) ? CONTRACTS[tag as keyof typeof CONTRACTS] : undefined;
  if (!contract) {
    const seen = typeof tag === "string" ? `"${tag}"` : "none";
    return { ok: false, issues: [`schema: expected one of ${RESULT_SCHEMAS.join(", ")}; found ${seen}`] };
  }
  const parsed = contract.safeParse(json);
  if (!parsed.success) return { ok: false, issues: contractIssues(parsed.error) };
  // The contracts have no defaults or transforms, so the document itself is the valid result;
  // handing it on (not zod's copy, whose keys follow the schema's order) keeps a re-rendered
  // report byte-identical to the one `run --out` wrote.
  return { ok: true, result: json as RunResult | ProjectionResult | SweepResult };
}
