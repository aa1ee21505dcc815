// User text made safe to show: control characters visible, XML-forbidden characters replaced,
// long text cut on code-point boundaries, structures copied with every string sanitized.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { displayText, forDisplay, nameList, visibleText, xmlSafe } from "../../reports/sanitize.js";
import { SEED } from "../seed.js";

// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe("visibleText", () => {
  it("escapes C0, DEL, C1 and bidirectional controls; replaces unpaired surrogates", () => {
    expect(visibleText("a\u0000b\u0007c\u001b[2J\u007f\u0085\u009b")).toBe("a\\x00b\\x07c\\x1b[2J\\x7f\\x85\\x9b");
    expect(visibleText("x\u202ey\u2066z\u200f")).toBe("x\\u202ey\\u2066z\\u200f");
    expect(visibleText("line\u2028sep\u2029")).toBe("line\\u2028sep\\u2029");
    expect(visibleText("lone\ud800 and \udc00")).toBe("lone\ufffd and \ufffd");
    expect(visibleText("tab\tnew\nline")).toBe("tab\\x09new\\x0aline");
  });

  it("keeps ordinary text, emoji and paired surrogates as they are", () => {
    for (const s of ["Spring sale — 20 %", "😀🚀", "日本語", "<b>&amp;</b>", ""]) expect(visibleText(s)).toBe(s);
  });

  it(`never leaves an unsafe character (seed ${SEED})`, () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 60 }), (s) => {
        expect(visibleText(s)).not.toMatch(UNSAFE);
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });
});

describe("displayText", () => {
  it("cuts to at most max characters with an ellipsis, only when something was cut", () => {
    expect(displayText("abcdefghij", 10)).toBe("abcdefghij");
    expect(displayText("abcdefghijk", 10)).toBe("abcdefghi…");
    expect(displayText("N".repeat(1_000_000), 80)).toHaveLength(80);
  });

  it("never splits an escape or a surrogate pair", () => {
    expect(displayText("abcdefgh\u001b", 10)).toBe("abcdefgh…");
    expect(displayText("😀😀😀😀", 3)).toBe("😀😀…");
  });

  it(`is safe, within its bound and idempotent (seed ${SEED})`, () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), fc.integer({ min: 2, max: 120 }), (s, max) => {
        const shown = displayText(s, max);
        expect(shown).not.toMatch(UNSAFE);
        expect([...shown].length).toBeLessThanOrEqual(max);
        expect(displayText(shown, max)).toBe(shown);
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });
});

describe("xmlSafe", () => {
  it("replaces what XML 1.0 forbids and keeps tab, newline and carriage return", () => {
    expect(xmlSafe("<t>a\u0001b\u000bc\uffff\ud800</t>")).toBe("<t>a\ufffdb\ufffdc\ufffd\ufffd</t>");
    expect(xmlSafe("a\tb\nc\rd")).toBe("a\tb\nc\rd");
  });
});

describe("forDisplay", () => {
  it("sanitizes every string and key, keeps numbers, booleans, null and the shape", () => {
    const shown = forDisplay({ name: "x\u001b", n: 1.5, ok: true, none: null, list: ["a\u0007", 2], nested: { "k\u0000": "v".repeat(500) } }, 100);
    expect(shown).toEqual({ name: "x\\x1b", n: 1.5, ok: true, none: null, list: ["a\\x07", 2], nested: { "k\\x00": `${"v".repeat(99)}…` } });
  });
});

describe("nameList", () => {
  it("names the first ones and counts the rest", () => {
    expect(nameList(["a", "b"])).toBe("a, b");
    expect(nameList(Array.from({ length: 500 }, (_, i) => `c${i}`), 3)).toBe("c0, c1, c2 and 497 more");
  });
});
