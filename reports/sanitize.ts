// Text a scenario author typed, made safe to show: control characters become visible escapes
// (an ESC in a name must not drive a terminal, nor a NUL break an SVG parser), characters XML
// forbids are replaced, and very long text is cut for display. Results keep the full strings;
// only what is shown (terminal, charts, Markdown, HTML) goes through here.

/** Longest name shown in a title, a subtitle or a terminal line of its own, in characters. */
export const NAME_MAX = 80;
/** Longest text of any kind shown in a rendered report, in characters. */
export const TEXT_MAX = 400;
/** Most lanes (campaigns, templates, numbers) one chart draws; the rest are named in a note. */
export const MAX_LANES = 24;

// C0 controls, DEL and C1 controls; the line and paragraph separators U+2028 and U+2029 (line
// breaks to a renderer: inside a chart's sort expression they broke Vega-Lite's parser);
// bidirectional overrides and isolates, which reorder what a reader sees (the "Trojan source"
// trick); and unpaired surrogates, which are not text at all.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UNSAFE_ALL = new RegExp(UNSAFE.source, "g");

function escapeOne(c: string): string {
  const code = c.charCodeAt(0);
  if (c.length === 1 && code >= 0xd800 && code <= 0xdfff) return "\ufffd";
  if (code === 0xfffe || code === 0xffff) return "\ufffd";
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

/**
 * Replaces every control character (C0, DEL, C1), line or paragraph separator, bidirectional
 * control and unpaired surrogate with a visible escape (`\x1b`, `\u2028`, `\u202e`) or
 * U+FFFD; everything else is kept.
 *
 * @example
 * ```ts
 * visibleText("sale\u001b]0;owned\u0007"); // "sale\\x1b]0;owned\\x07"
 * ```
 */
export function visibleText(text: string): string {
  return UNSAFE.test(text) ? text.replace(UNSAFE_ALL, escapeOne) : text;
}

/**
 * {@link visibleText}, cut to at most `max` characters (whole code points; an escape is
 * never split) with `…` at the end when anything was cut.
 *
 * @example
 * ```ts
 * displayText("N".repeat(1_000_000), 10); // "NNNNNNNNN…"
 * displayText("ok\u0007", 10);            // "ok\\x07"
 * ```
 */
export function displayText(text: string, max = NAME_MAX): string {
  if (text.length <= max && !UNSAFE.test(text)) return text;
  let out = "";
  let shown = 0;
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    const raw = cp > 0xffff ? ch : text[i];
    const token = UNSAFE.test(raw) ? escapeOne(raw) : raw;
    const width = token === raw ? 1 : token.length;
    i += raw.length;
    const last = i >= text.length;
    // Room for this token, and for the ellipsis too unless it is the last one.
    if (shown + width > (last ? max : max - 1)) return `${out}…`;
    out += token;
    shown += width;
  }
  return out;
}

// Characters XML 1.0 does not allow anywhere, even escaped: most C0 controls, U+FFFE, U+FFFF
// and unpaired surrogates.
// eslint-disable-next-line no-control-regex
const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Replaces the characters XML 1.0 forbids with U+FFFD, so an SVG or XHTML parser accepts
 * the text. The last line of defence behind {@link displayText}.
 *
 * @example
 * ```ts
 * xmlSafe("<text>a\u0001b</text>"); // "<text>a\ufffdb</text>"
 * ```
 */
export function xmlSafe(markup: string): string {
  return markup.replace(XML_FORBIDDEN, "\ufffd");
}

/**
 * A deep copy of `value` in which every string and every object key went through
 * {@link displayText}: what a renderer may show of a result. Numbers, booleans and `null`
 * are kept; the structure is unchanged.
 *
 * @example
 * ```ts
 * const shown = forDisplay(result); // text cut to 400 characters, control characters escaped
 * ```
 */
export function forDisplay<T>(value: T, max = TEXT_MAX): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return displayText(v, max);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[displayText(k, max)] = walk(x);
      return out;
    }
    return v;
  };
  return walk(value) as T;
}

/**
 * A list of names for one line or cell: the first `max` of them, then `and N more`.
 *
 * @example
 * ```ts
 * nameList(["a", "b", "c"], 2); // "a, b and 1 more"
 * ```
 */
export function nameList(names: readonly string[], max = 10): string {
  if (names.length <= max) return names.join(", ");
  return `${names.slice(0, max).join(", ")} and ${(names.length - max).toLocaleString("en-US")} more`;
}
