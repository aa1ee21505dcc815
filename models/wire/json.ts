// Meta's JSON encoding of webhook bodies: ASCII only — every character outside it written as a
// \uXXXX escape (UTF-16 code units, lower-case hex) — and "/" written as "\/". Captured webhook
// bodies read `"caption":"caf\u00e9","mime_type":"image\/jpeg"`. The signature Meta sends is over
// exactly these bytes, so a receiver that re-serialises the parsed JSON (JSON.stringify writes
// "é" and "/") computes another HMAC: the mistake the emulator must let a test catch.

const ESCAPE = /[\u007f-\uffff/]/g;
const NON_ASCII = /[\u007f-\uffff]/;

function escape(ch: string): string {
  if (ch === "/") return "\\/";
  return "\\u" + ch.charCodeAt(0).toString(16).padStart(4, "0");
}

/**
 * Serialises `value` as Meta does for webhook bodies (and Graph API responses): compact JSON,
 * pure ASCII, non-ASCII as `\uXXXX`, `/` as `\/`. Parsing the result gives `value` back.
 *
 * @example
 * ```ts
 * metaJson({ body: "café", url: "https://x/y" }); // '{"body":"caf\\u00e9","url":"https:\\/\\/x\\/y"}'
 * JSON.parse(metaJson({ body: "café" })).body;     // "café"
 * ```
 */
export function metaJson(value: unknown): string {
  const s = JSON.stringify(value);
  // Most bodies are ASCII already: then only "/" needs escaping, which the native replaceAll does fastest.
  if (!NON_ASCII.test(s)) return s.includes("/") ? s.replaceAll("/", "\\/") : s;
  return s.replace(ESCAPE, escape);
}
