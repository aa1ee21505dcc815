// 53-bit hashes of strings (two FNV-1a passes with different offsets), for keys in number-keyed
// maps: a wamid of ~60 characters becomes one number, and a million of them collide with
// probability about 1e-4.

/**
 * A 53-bit hash of `s`, exact as a JavaScript number.
 *
 * @example
 * ```ts
 * hash53("wamid.HBgL…") === hash53("wamid.HBgL…"); // true
 * ```
 */
export function hash53(s: string): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x01000193) ^ (h2 >>> 15);
  }
  return (h1 >>> 0) * 0x200000 + ((h2 >>> 0) & 0x1fffff);
}
