// Hashing of names into numbers: stream names, scenario keys. Exact 32-bit integer
// arithmetic, so the output is identical on every platform (part of the seeding contract).


/**
 * MurmurHash3 x86_32 (Appleby) of the UTF-8 bytes of `s`. Used to turn stream and scenario
 * names into numbers; stable across platforms and matches the reference C implementation on
 * the same bytes.
 * @param seed 32-bit seed. Default 0.
 * @returns an unsigned 32-bit integer.
 * @example
 * ```ts
 * murmur3("The quick brown fox jumps over the lazy dog", 0x9747b28c); // 0x2fa826cd
 * ```
 */
export function murmur3(s: string, seed = 0): number {
  let h = seed >>> 0;
  let k = 0;
  let shift = 0;
  let len = 0;
  const mix = (byte: number): void => {
    k |= byte << shift;
    shift += 8;
    len++;
    if (shift === 32) {
      k = Math.imul(k, 0xcc9e2d51);
      k = (k << 15) | (k >>> 17);
      k = Math.imul(k, 0x1b873593);
      h ^= k;
      h = (h << 13) | (h >>> 19);
      h = (Math.imul(h, 5) + 0xe6546b64) | 0;
      k = 0;
      shift = 0;
    }
  };
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    // Encode UTF-16 to UTF-8 on the fly; a lone surrogate becomes U+FFFD, as TextEncoder does.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x80) mix(c);
    else if (c < 0x800) {
      mix(0xc0 | (c >> 6));
      mix(0x80 | (c & 63));
    } else if (c < 0x10000) {
      mix(0xe0 | (c >> 12));
      mix(0x80 | ((c >> 6) & 63));
      mix(0x80 | (c & 63));
    } else {
      mix(0xf0 | (c >> 18));
      mix(0x80 | ((c >> 12) & 63));
      mix(0x80 | ((c >> 6) & 63));
      mix(0x80 | (c & 63));
    }
  }
  if (shift > 0) {
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
  }
  h ^= len;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

