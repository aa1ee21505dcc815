// Message ids as the Cloud API writes them. A wamid is "wamid." and the base64 of a small
// binary record: 0x1c 0x18, the recipient's WhatsApp id (length-prefixed ASCII), 0x15 0x02 0x00
// 0x11 0x18, a hex message id (length-prefixed ASCII, upper case), 0x00 — so Meta's sample
// `wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA` decodes to "16505076520" and
// "9A3CA5B3D4CD6E67E7". The randomness (the hex id) is the caller's, so ids stay reproducible.

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Base64 of a string of byte values (each char code < 256). */
function base64(bytes: string): string {
  let out = "";
  const n = bytes.length;
  for (let i = 0; i < n; i += 3) {
    const b = (bytes.charCodeAt(i) << 16) | ((i + 1 < n ? bytes.charCodeAt(i + 1) : 0) << 8) | (i + 2 < n ? bytes.charCodeAt(i + 2) : 0);
    out += B64[(b >> 18) & 63] + B64[(b >> 12) & 63] + (i + 1 < n ? B64[(b >> 6) & 63] : "=") + (i + 2 < n ? B64[b & 63] : "=");
  }
  return out;
}

/**
 * The wamid of a message to (or from) `waId`, with message id `hexId` (hex digits; written in
 * upper case).
 *
 * @example
 * ```ts
 * wamidOf("16505076520", "9A3CA5B3D4CD6E67E7"); // "wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA"
 * ```
 */
export function wamidOf(waId: string, hexId: string): string {
  const id = hexId.toUpperCase();
  const bytes = "\x1c\x18" + String.fromCharCode(waId.length) + waId + "\x15\x02\x00\x11\x18" + String.fromCharCode(id.length) + id + "\x00";
  return "wamid." + base64(bytes);
}
