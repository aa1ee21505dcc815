// Every string a scenario author typed (scenario, template and campaign names, override keys)
// goes through one of these before it lands in a document: a report is opened by people who
// did not write the scenario.

const HTML_ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/**
 * Escapes text for HTML element content and quoted attribute values.
 *
 * @example
 * ```ts
 * escapeHtml("<script>alert(1)</script>"); // "&lt;script&gt;alert(1)&lt;/script&gt;"
 * ```
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]);
}

/**
 * Escapes text for inline Markdown (CommonMark / GFM), including table cells: HTML-significant
 * characters become entities (so no raw HTML reaches a renderer that passes HTML through),
 * inline Markdown punctuation is backslash-escaped, characters that would open a block
 * (list, heading, quote) are escaped at the start, and line breaks become spaces so a value
 * cannot end a table row. Ordinary punctuation (`.`, `-`, parentheses) is left readable.
 *
 * @example
 * ```ts
 * escapeMarkdown("*big* [sale](x) | 1. a-b"); // "\\*big\\* \\[sale\\](x) \\| 1. a-b"
 * ```
 */
export function escapeMarkdown(text: string): string {
  return escapeMarkdownCell(text)
    .replace(/^(\s*)([+\-=])/, "$1\\$2")
    .replace(/^(\s*\d+)([.)])/, "$1\\$2");
}

/**
 * {@link escapeMarkdown} for a table cell, where no block (list, heading) can start: a figure
 * like `29.0 s` or `+0.5 d` stays as written.
 *
 * @example
 * ```ts
 * escapeMarkdownCell("29.0 s | *x*"); // "29.0 s \\| \\*x\\*"
 * ```
 */
export function escapeMarkdownCell(text: string): string {
  return (
    text
      // Control characters and line breaks would split a table row or a heading.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, " ")
      .replace(/[&<>]/g, (c) => HTML_ENTITIES[c])
      .replace(/[\\`*_[\]!|~#]/g, (c) => `\\${c}`)
  );
}
