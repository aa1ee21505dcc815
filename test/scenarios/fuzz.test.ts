// The promises under fuzzing: whatever the document, the loader returns a scenario or issues
// (it never throws, every issue points inside the file), every valid document runs a short
// horizon within a time budget with its counts conserved and no NaN or negative figure, and
// rendering it (terminal summary, Markdown, HTML, and for some the SVG and PNG charts) never
// throws nor lets a control character through. Each document is checked in a worker thread so
// that a hang is caught and counted, not waited for.
//
// CI runs 2,300 documents; `npm run soak` (TIERSIM_SOAK=1) runs 100,000. The figures of
// each run go to results/fuzz-summary.txt, which CI prints. A failure names the fast-check seed:
// `FC_SEED=<seed> npx vitest run test/scenarios/fuzz.test.ts` replays it.
import { mkdirSync, writeFileSync } from "node:fs";
import fc from "fast-check";
import { parse, stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadScenarioText } from "../../index.js";
import { arbitraryText, BASES, EXAMPLES, hostileValues, perturbations, structuralMutations, textEdits, type Document } from "../fuzz/documents.js";
import { FuzzWorker, judge, newFigures, reportFigures } from "../fuzz/harness.js";
import { SEED } from "../seed.js";

const SOAK = process.env.TIERSIM_SOAK === "1";
/** Documents per family: CI's share, or the soak's (100,000 in all). */
const RUNS = SOAK
  ? { text: 15_000, structural: 25_000, hostile: 20_000, textEdit: 15_000, perturbed: 25_000 }
  : { text: 400, structural: 500, hostile: 400, textEdit: 400, perturbed: 600 };
/** The short horizon every valid document runs. */
const DAYS = 2;
/** The work budget of the fuzzing: a document estimated above it over the short horizon is refused (too-much-work). */
const RUN_CAP = 1_000_000;
/** A document that takes longer than this (load, run and render) counts as a hang. */
const TIMEOUT_MS = 20_000;
/** Time limit of one family's test. */
const LIMIT = SOAK ? 12 * 3_600_000 : 300_000;

const figures = newFigures();
let worker: FuzzWorker;

beforeAll(() => {
  mkdirSync("results", { recursive: true });
  writeFileSync("results/fuzz-summary.txt", "");
  worker = new FuzzWorker(TIMEOUT_MS);
});

afterAll(async () => {
  await worker.close();
  const line = reportFigures(`scenario fuzz (seed ${SEED}${SOAK ? ", soak" : ""})`, figures);
  process.stderr.write(`\n${line}\n`);
});

/** Checks one document; charts are rendered for one document in four with hostile values, one in twenty otherwise. */
async function holds(doc: Document, index: number): Promise<void> {
  const charts = doc.family === "hostile" ? index % 4 === 0 : index % 20 === 0;
  const outcome = await worker.check({ text: doc.text, file: doc.file, days: DAYS, runCap: RUN_CAP, charts });
  const problems = judge(outcome, figures, doc.text);
  if (problems.length > 0) {
    const shown = doc.text.length > 2000 ? `${doc.text.slice(0, 2000)}… (${doc.text.length} characters)` : doc.text;
    throw new Error(`${doc.family} document from ${doc.file}:\n  ${problems.join("\n  ")}\n--- document ---\n${shown}`);
  }
}

function property(arb: fc.Arbitrary<Document>, numRuns: number): Promise<void> {
  let i = 0;
  return fc.assert(
    fc.asyncProperty(arb, (doc) => holds(doc, i++)),
    { seed: SEED, numRuns, endOnFailure: false },
  );
}

describe(`scenario fuzzing (seed ${SEED})`, () => {
  beforeAll(() => {
    // The bases really are valid scenarios, so mutations start from documents that run.
    for (const b of BASES) expect(loadScenarioText(b.text, b.file).ok, b.file).toBe(true);
  });

  it(`arbitrary text, YAML and JSON documents (${RUNS.text})`, () => property(arbitraryText, RUNS.text), LIMIT);
  it(`structural mutations of the examples (${RUNS.structural})`, () => property(structuralMutations, RUNS.structural), LIMIT);
  it(`hostile names and extreme numbers in the examples (${RUNS.hostile})`, () => property(hostileValues, RUNS.hostile), LIMIT);
  it(`character-level edits of the example files (${RUNS.textEdit})`, () => property(textEdits, RUNS.textEdit), LIMIT);
  it(`plausible changes: numbers scaled, enums, durations and rule-set parameters changed, hostile names (${RUNS.perturbed})`, () => property(perturbations, RUNS.perturbed), LIMIT);

  it("runs at least 2,000 documents with no throw, warning, hang or conservation failure", () => {
    expect(figures.documents).toBeGreaterThanOrEqual(2000);
    expect(figures.valid).toBeGreaterThan(figures.documents / 5);
    expect(figures.ran).toBe(figures.valid);
    expect({ throws: figures.throws, warnings: figures.warnings, hangs: figures.hangs, conservation: figures.conservation, render: figures.render }).toEqual({ throws: 0, warnings: 0, hangs: 0, conservation: 0, render: 0 });
  });

  it("mutations that break a valid example are reported, not silently accepted", () => {
    // Renaming a required key always invalidates a scenario: the strict schema sees the new
    // key and misses the old one. Guards against a fuzz target that would accept anything.
    for (const e of EXAMPLES) {
      const doc = parse(e.text) as Record<string, unknown>;
      const { name, ...rest } = doc;
      const r = loadScenarioText(stringify({ ...rest, nmae: name }), e.file);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.issues.map((i) => i.code).sort()).toEqual(["missing-key", "unknown-key"]);
    }
  });
});
