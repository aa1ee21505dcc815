// calibrate splits its input into lines itself, a chunk at a time; the line numbers it reports
// must be the ones readline (and an editor) gives, however the bytes are chunked.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Readable } from "node:stream";
import { createInterface } from "node:readline";
import { LineSplitter } from "../../cli/line-splitter.js";
import { SEED } from "../seed.js";

async function viaReadline(text: string): Promise<string[]> {
  const out: string[] = [];
  for await (const line of createInterface({ input: Readable.from([Buffer.from(text)]), crlfDelay: Infinity })) out.push(line);
  return out;
}

function viaSplitter(bytes: Buffer, cuts: number[]): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  const split = new LineSplitter((text, n) => out.push([text, n]));
  let at = 0;
  for (const c of [...cuts.filter((x) => x < bytes.length)].sort((a, b) => a - b)) {
    split.push(bytes.subarray(at, c));
    at = c;
  }
  split.push(bytes.subarray(at));
  split.end();
  return out;
}

describe("LineSplitter", () => {
  it("splits on \\n, \\r\\n and a lone \\r, across chunk boundaries", () => {
    const lines = viaSplitter(Buffer.from("a\r\nb\rc\n\nd"), [2, 3, 6]);
    expect(lines).toEqual([
      ["a", 1],
      ["b", 2],
      ["c", 3],
      ["", 4],
      ["d", 5],
    ]);
    expect(viaSplitter(Buffer.from("x\n"), [])).toEqual([["x", 1]]);
    expect(viaSplitter(Buffer.from(""), [])).toEqual([]);
  });

  it("keeps a character whose bytes fall in two chunks whole", () => {
    const bytes = Buffer.from('{"body":"olá — ✓"}\n');
    for (let cut = 1; cut < bytes.length; cut++) expect(viaSplitter(bytes, [cut])).toEqual([['{"body":"olá — ✓"}', 1]]);
  });

  it(`gives readline's lines and numbers for any text and any chunking (seed ${SEED})`, async () => {
    const piece = fc.constantFrom("a", "{}", "ü", "✓", "\n", "\r", "\r\n", " ", "𝄞");
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 40 }), fc.array(fc.integer({ min: 0, max: 120 }), { maxLength: 6 }), async (pieces, cuts) => {
        const text = pieces.join("");
        const expected = await viaReadline(text);
        const got = viaSplitter(Buffer.from(text), cuts);
        expect(got.map(([t]) => t)).toEqual(expected);
        expect(got.map(([, n]) => n)).toEqual(expected.map((_, i) => i + 1));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});
