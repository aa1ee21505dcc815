import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { escapeHtml, escapeMarkdown, escapeMarkdownCell } from "../../reports/escape.js";
import { SEED } from "../seed.js";

const decodeEntities = (s: string): string => s.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" })[e]!);

describe("escapeHtml", () => {
  it("neutralises markup", () => {
    expect(escapeHtml(`<script>alert("x")</script> & 'y'`)).toBe("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;");
  });

  it("leaves no markup character and decodes back to the input", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        const e = escapeHtml(s);
        expect(e).not.toMatch(/[<>"']/);
        expect(decodeEntities(e)).toBe(s);
      }),
      { seed: SEED },
    );
  });
});

describe("escapeMarkdown", () => {
  it("escapes Markdown punctuation and HTML", () => {
    expect(escapeMarkdown("*big* [sale](x) | <b>")).toBe("\\*big\\* \\[sale\\](x) \\| &lt;b&gt;");
    expect(escapeMarkdown("meta-2025-10 v0.1.0 # 2")).toBe("meta-2025-10 v0.1.0 \\# 2");
    expect(escapeMarkdown("- item")).toBe("\\- item");
    expect(escapeMarkdown("12. item")).toBe("12\\. item");
    expect(escapeMarkdown("line one\nline two")).toBe("line one line two");
    // In a table cell no list can start: figures stay as written, the rest is still escaped.
    expect(escapeMarkdownCell("29.0 s")).toBe("29.0 s");
    expect(escapeMarkdownCell("+0.50 d | <b>")).toBe("+0.50 d \\| &lt;b&gt;");
  });

  it("leaves no raw HTML, line break or unescaped table pipe, and reads back as the input", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        const e = escapeMarkdown(s);
        expect(e).not.toMatch(/[<>\n\r]/);
        expect(e).not.toMatch(/(^|[^\\])(\\\\)*\|/);
        // What a CommonMark renderer shows: backslash escapes removed, entities decoded.
        const shown = decodeEntities(e.replace(/\\([\\`*_[\]!|~#+\-=.)])/g, "$1"));
        // eslint-disable-next-line no-control-regex
        expect(shown).toBe(s.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, " "));
      }),
      { seed: SEED },
    );
  });
});
