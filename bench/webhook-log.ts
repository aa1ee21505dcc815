// A synthetic webhook log for the calibrate benchmark: Meta-shaped bodies (the same wire
// builders `tiersim run --webhooks` uses), one per line, from a seeded stream, so the same
// seed and size give the same bytes. A steady sender: one template message every few seconds
// of log time to a pool of users; each is sent, then delivered or failed, then maybe read and
// answered after log-normal delays; some users write without being asked, some stop
// marketing. Webhooks arrive a little late, some out of order, and a few twice, as Meta
// delivers them. Written in chunks, so a gigabyte takes no more memory than a megabyte.
import { closeSync, openSync, writeSync } from "node:fs";
import { streamFor } from "../sim/engine/streams.js";
import type { Xoshiro128ss } from "../sim/engine/generators.js";
import {
  inboundText,
  inboundValue,
  metaJson,
  statusObject,
  statusesValue,
  statusPricing,
  userPreferencesValue,
  webhookBody,
  type StatusPricing,
} from "../models/wire/index.js";

const WABA = "102290129340398";
const PHONE = { id: "106540352242922", display: "15550783881" };
const START_MS = Date.UTC(2026, 2, 2);
const PRICING: StatusPricing = statusPricing({ billable: true, model: "PMP", type: "regular", category: "MARKETING" });

/** What the generator draws from: the rates a calibration of the log should recover. */
export const SYNTHETIC_RATES = { failed: 0.02, read: 0.7, reply: 0.06, stop: 0.004, users: 200_000, sendGapS: 2 } as const;

/** One line to write at `at` (ms, when the webhook arrives). */
interface Pending {
  at: number;
  line: string;
}

/** A binary min-heap of pending webhooks by arrival time (ties by insertion: deterministic). */
class Queue {
  private items: Array<Pending & { seq: number }> = [];
  private seq = 0;
  get size(): number {
    return this.items.length;
  }
  private less(a: Pending & { seq: number }, b: Pending & { seq: number }): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }
  push(p: Pending): void {
    const it = this.items;
    it.push({ ...p, seq: this.seq++ });
    let i = it.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(it[i], it[parent])) break;
      [it[i], it[parent]] = [it[parent], it[i]];
      i = parent;
    }
  }
  peek(): Pending | undefined {
    return this.items[0];
  }
  pop(): Pending {
    const it = this.items;
    const top = it[0];
    const last = it.pop()!;
    if (it.length > 0) {
      it[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < it.length && this.less(it[l], it[m])) m = l;
        if (r < it.length && this.less(it[r], it[m])) m = r;
        if (m === i) break;
        [it[i], it[m]] = [it[m], it[i]];
        i = m;
      }
    }
    return top;
  }
}

/** A log-normal delay in ms with the given median (s) and σ, capped at `capS` seconds. */
function lognormalMs(rng: Xoshiro128ss, medianS: number, sigma: number, capS: number): number {
  // Box–Muller on two uniforms.
  const u = 1 - rng.nextFloat();
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextFloat());
  return Math.round(Math.min(capS, medianS * Math.exp(sigma * z)) * 1000);
}

/** What was written. */
export interface SyntheticLog {
  bytes: number;
  lines: number;
  messages: number;
  /** Log time covered, days. */
  days: number;
}

/**
 * Writes at least `targetBytes` of webhook log to `file` (whole lines), from `seed`.
 *
 * @example
 * ```ts
 * writeSyntheticLog("w.jsonl", 10 * 2 ** 20, 1); // { bytes: 10485921, lines: …, … }
 * ```
 */
export function writeSyntheticLog(file: string, targetBytes: number, seed: number): SyntheticLog {
  const rng = streamFor(seed, "bench-webhook-log");
  const queue = new Queue();
  const fd = openSync(file, "w");
  let chunk: string[] = [];
  let chunkBytes = 0;
  let bytes = 0;
  let lines = 0;
  let messages = 0;
  let clock = START_MS;
  const flush = (): void => {
    if (chunk.length === 0) return;
    writeSync(fd, chunk.join(""));
    chunk = [];
    chunkBytes = 0;
  };
  const emit = (line: string): void => {
    chunk.push(line, "\n");
    chunkBytes += line.length + 1;
    bytes += line.length + 1;
    lines++;
    if (chunkBytes >= 1 << 20) flush();
  };
  // Meta posts a webhook a little after the event (within 2 s here, one in thirty up to a
  // minute late, so out of order), and now and then twice.
  const post = (eventAt: number, line: string): void => {
    const at = eventAt + Math.floor(rng.nextFloat() * (rng.nextFloat() < 1 / 30 ? 60_000 : 2_000));
    queue.push({ at, line });
    if (rng.nextFloat() < 0.003) queue.push({ at: at + 30_000, line });
  };
  const status = (id: string, s: "sent" | "delivered" | "read" | "failed", at: number, user: string): string =>
    metaJson(
      webhookBody(
        WABA,
        "messages",
        statusesValue(PHONE, [statusObject({ id, status: s, at, recipient: user, ...(s === "failed" ? { error: { code: 131049 } } : { pricing: PRICING }), bizOpaqueCallbackData: "bench" })]),
      ),
    );
  try {
    while (bytes < targetBytes) {
      clock += Math.max(1, Math.round(-Math.log(1 - rng.nextFloat()) * SYNTHETIC_RATES.sendGapS * 1000));
      while (queue.size > 0 && queue.peek()!.at <= clock) emit(queue.pop().line);
      const n = messages++;
      const user = String(34_600_000_000 + Math.floor(rng.nextFloat() * SYNTHETIC_RATES.users));
      const id = `wamid.HBgL${user}FQIAERgS${n.toString(16).toUpperCase().padStart(18, "0")}`;
      post(clock, status(id, "sent", clock, user));
      if (rng.nextFloat() < SYNTHETIC_RATES.failed) {
        post(clock + 1000, status(id, "failed", clock + 1000, user));
        continue;
      }
      const delivered = clock + 1000 + lognormalMs(rng, 3, 1, 3600);
      post(delivered, status(id, "delivered", delivered, user));
      if (rng.nextFloat() < SYNTHETIC_RATES.read) {
        const read = delivered + lognormalMs(rng, 1200, 1.5, 3 * 86_400);
        post(read, status(id, "read", read, user));
        if (rng.nextFloat() < SYNTHETIC_RATES.reply / SYNTHETIC_RATES.read) {
          const at = read + lognormalMs(rng, 300, 1.2, 86_400);
          const body = inboundText({ from: user, id: `wamid.IN${id.slice(6)}`, at, body: "Yes, tell me more", context: { from: PHONE.display, id } });
          post(at, metaJson(webhookBody(WABA, "messages", inboundValue(PHONE, { waId: user, name: "User" }, body))));
        }
      }
      if (rng.nextFloat() < SYNTHETIC_RATES.stop) {
        const at = delivered + lognormalMs(rng, 3600, 1, 86_400);
        post(at, metaJson(webhookBody(WABA, "user_preferences", userPreferencesValue(PHONE, { waId: user, name: "User" }, "stop", at))));
      }
      if (rng.nextFloat() < 0.02) {
        const at = clock + lognormalMs(rng, 7200, 1, 86_400);
        const body = inboundText({ from: user, id: `wamid.UN${id.slice(6)}`, at, body: "Hi, is the shop open today?" });
        post(at, metaJson(webhookBody(WABA, "messages", inboundValue(PHONE, { waId: user, name: "User" }, body))));
      }
    }
    flush();
  } finally {
    closeSync(fd);
  }
  return { bytes, lines, messages, days: (clock - START_MS) / 86_400_000 };
}
