// Every id and secret the emulator makes up — wamids, fbtrace ids, conversation ids, the WABA
// and template ids, the default tokens and signing secret — comes from
// streams seeded by the run's seed, one per purpose: the same seed and the same requests give
// the same bytes, and adding ids of one kind never shifts another.
import { murmur3, streamFor, type Xoshiro128ss } from "../../sim/engine/index.js";
import { wamidOf } from "../../models/wire/index.js";

const HEX = "0123456789ABCDEF";
const TRACE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const TOKEN = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

function hex8(x: number): string {
  return x.toString(16).toUpperCase().padStart(8, "0");
}

function draw(rng: Xoshiro128ss, alphabet: string, n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += alphabet[rng.nextInt(alphabet.length)];
  return s;
}

/**
 * The emulator's id generators under one seed.
 *
 * @example
 * ```ts
 * const ids = new Ids(42);
 * ids.wamid("15551000000"); // "wamid.HBgL…" — the same first wamid for seed 42, every time
 * ids.fbtrace();            // "A…" (23 characters)
 * ```
 */
export class Ids {
  private readonly messages: Xoshiro128ss;
  private readonly traces: Xoshiro128ss;
  private readonly conversations: Xoshiro128ss;

  constructor(private readonly seed: number) {
    this.messages = streamFor(seed, "emulator:wamid");
    this.traces = streamFor(seed, "emulator:fbtrace");
    this.conversations = streamFor(seed, "emulator:conversation");
  }

  /** A new wamid for a message to or from `waId`. */
  wamid(waId: string): string {
    const m = this.messages;
    return wamidOf(waId, hex8(m.nextUint32()) + hex8(m.nextUint32()) + hex8(m.nextUint32()) + hex8(m.nextUint32()));
  }

  /** A new `fbtrace_id`. */
  fbtrace(): string {
    return "A" + draw(this.traces, TRACE, 22);
  }

  /** A new CBP conversation id. */
  conversation(): string {
    return draw(this.conversations, HEX, 32).toLowerCase();
  }

  /** A default secret of one kind (`access-token`, `app-secret`, `verify-token`). */
  secret(kind: "access-token" | "app-secret" | "verify-token"): string {
    const rng = streamFor(this.seed, `emulator:${kind}`);
    if (kind === "access-token") return "EAAT" + draw(rng, TOKEN, 60);
    if (kind === "app-secret") return draw(rng, HEX, 32).toLowerCase();
    return "tiersim-" + draw(rng, TOKEN, 16);
  }

  /** A numeric Graph id (15 digits) for a named object: the WABA, a template in a language. */
  numeric(name: string): string {
    const a = murmur3(`${this.seed}:${name}`, 0x2545f491) % 100_000_000;
    const b = murmur3(`${this.seed}:${name}`, 0x9e3779b9) % 1_000_000;
    return `1${String(a).padStart(8, "0")}${String(b).padStart(6, "0")}`;
  }
}
