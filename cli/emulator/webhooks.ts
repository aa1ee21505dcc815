// Webhook delivery as Meta does it: the GET verification handshake against the endpoint
// (`hub.mode`, `hub.verify_token`, `hub.challenge`, echoed back), then one POST per change with
// `X-Hub-Signature-256: sha256=<HMAC-SHA256 of the exact bytes sent>` (and the legacy SHA-1
// `X-Hub-Signature`), the body in Meta's escaped-unicode encoding; a non-2xx answer or a
// network error is retried with exponential backoff on the emulator's clock, so advancing the
// clock is what makes retries happen. Duplicates and reordering are optional and seeded.
import { createHmac } from "node:crypto";
import http from "node:http";
import https from "node:https";
import { metaJson, type WebhookField } from "../../models/wire/index.js";
import { streamFor, type Xoshiro128ss } from "../../sim/engine/index.js";
import type { WebhookJob, WebhookSink } from "./world.js";

/** How webhooks are delivered. */
export interface WebhookSettings {
  /** The endpoint; `null`: webhooks are logged, not sent. */
  url: string | null;
  appSecret: string;
  verifyToken: string;
  /** POSTs in flight at once (order of dispatch is due order; arrival order is the network's). */
  concurrency: number;
  /** Wall-clock ms before an unanswered POST counts as failed. */
  timeoutMs: number;
  /** Retry backoff, virtual ms: the first retry after `first`, doubling up to `max`; given up `giveUpAfter` after the first attempt (Meta: 7 days). */
  retry: { first: number; max: number; giveUpAfter: number };
  /**
   * Most statuses one webhook carries: 1 (one per POST, Meta's usual), or more to group the
   * statuses of one number that fall due together, as Meta does under load (receivers that read
   * only `statuses[0]` then lose the rest).
   */
  batch: number;
  /** Probability that a webhook is sent twice (at-least-once delivery). */
  duplicates: number;
  /** Up to this many virtual ms of seeded extra delay per webhook, so statuses may arrive out of order. */
  reorder: number;
  /** Delivered webhooks the log keeps (older ones are forgotten). */
  logSize: number;
  seed: number;
}

/** One delivery attempt. */
export interface WebhookAttempt {
  /** Virtual time of the attempt (ISO). */
  at: string;
  /** HTTP status the endpoint answered. */
  status?: number;
  /** Why the attempt failed without an answer (refused connection, timeout, failed handshake). */
  error?: string;
  /** Wall-clock ms the attempt took. */
  ms: number;
}

/** A webhook in the log. */
export interface WebhookLogEntry {
  id: number;
  field: WebhookField;
  kind: string;
  ref?: string;
  /** A batch: the wamids of its statuses. */
  refs?: string[];
  /** Virtual time it was due (ISO). */
  due: string;
  duplicate: boolean;
  state: "delivered" | "retrying" | "gave-up" | "no-endpoint";
  attempts: WebhookAttempt[];
  /** The exact bytes sent, and their signature header. */
  body: string;
  signature: string;
}

/** What the log keeps besides the entry: the legacy SHA-1 header, made once. */
const SHA1 = new WeakMap<WebhookLogEntry, string>();

/** Result of the GET verification handshake. */
export interface Handshake {
  url: string | null;
  verified: boolean;
  /** HTTP status answered, or why there was none. */
  status?: number;
  error?: string;
}

interface Item {
  due: number;
  seq: number;
  job: WebhookJob;
  duplicate: boolean;
  /** The encoded body, when already built (a duplicate carries its original's bytes). */
  body?: string;
  /** A batch's wamids. */
  refs?: string[];
  entry?: WebhookLogEntry;
  firstAt?: number;
}

/** Min-heap of items by (due, seq): equal times leave in the order they came. */
class Heap {
  private items: Item[] = [];
  get size(): number {
    return this.items.length;
  }
  peek(): Item | undefined {
    return this.items[0];
  }
  push(x: Item): void {
    const a = this.items;
    a.push(x);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(a[i], a[p])) break;
      [a[i], a[p]] = [a[p], a[i]];
      i = p;
    }
  }
  pop(): Item | undefined {
    const a = this.items;
    if (a.length === 0) return undefined;
    const top = a[0];
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && less(a[l], a[m])) m = l;
        if (r < a.length && less(a[r], a[m])) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m], a[i]];
        i = m;
      }
    }
    return top;
  }
  clear(): void {
    this.items = [];
  }
}

function less(a: Item, b: Item): boolean {
  return a.due < b.due || (a.due === b.due && a.seq < b.seq);
}

/** The `X-Hub-Signature-256` header of `body` under `secret`. */
export function signature256(secret: string, body: string | Buffer): string {
  return "sha256=" + createHmac("sha256", secret).update(body).digest("hex");
}

/**
 * The webhook queue and its delivery.
 *
 * @example
 * ```ts
 * const d = new Dispatcher(settings, iso);
 * world = new World(setup, d);       // the world enqueues webhooks
 * await d.verify();                  // GET handshake against settings.url
 * await d.flush(world.now);          // POSTs everything due; retries go back in the queue
 * d.log({ field: "messages" });      // what was sent, with each attempt's answer
 * ```
 */
export class Dispatcher implements WebhookSink {
  private readonly heap = new Heap();
  private seq = 0;
  private nextLogId = 1;
  private readonly entries: WebhookLogEntry[] = [];
  private forgotten = 0;
  private readonly rng: Xoshiro128ss;
  private agent: http.Agent | https.Agent | null = null;
  private handshake: Handshake;
  private readonly counts = { delivered: 0, failedAttempts: 0, gaveUp: 0, unsent: 0, duplicates: 0 };
  private readonly active = new Set<Promise<number>>();
  private parsed: { href: string; url: URL } | null = null;
  /** Latest due time of anything enqueued (not counting retries). */
  maxDue = 0;

  constructor(
    readonly settings: WebhookSettings,
    private readonly iso: (t: number) => string,
  ) {
    this.rng = streamFor(settings.seed, "emulator:webhooks");
    this.handshake = { url: settings.url, verified: false };
  }

  enqueue(job: WebhookJob): void {
    const s = this.settings;
    const due = s.reorder > 0 ? job.due + Math.floor(this.rng.nextFloat() * s.reorder) : job.due;
    if (due > this.maxDue) this.maxDue = due;
    this.heap.push({ due, seq: this.seq++, job, duplicate: false });
  }

  /** Due time of the next webhook waiting (Infinity when none). */
  get nextDue(): number {
    return this.heap.peek()?.due ?? Infinity;
  }

  /** Webhooks waiting to be sent (or retried). */
  get pending(): number {
    return this.heap.size;
  }

  /** The last handshake's result. */
  get endpoint(): Handshake {
    return this.handshake;
  }

  /** Changes the endpoint (and verify token) and performs the handshake against it. */
  async setEndpoint(url: string | null, verifyToken?: string): Promise<Handshake> {
    this.settings.url = url;
    if (verifyToken !== undefined) this.settings.verifyToken = verifyToken;
    this.agent?.destroy();
    this.agent = null;
    this.handshake = { url, verified: false };
    return url === null ? this.handshake : this.verify();
  }

  /** The GET verification handshake: the endpoint must answer 2xx with the challenge. */
  async verify(challenge = String(1_000_000_000 + this.rng.nextInt(1_000_000_000))): Promise<Handshake> {
    const url = this.settings.url;
    if (url === null) return (this.handshake = { url, verified: false });
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return (this.handshake = { url, verified: false, error: `not a URL: ${url}` });
    }
    target.searchParams.set("hub.mode", "subscribe");
    target.searchParams.set("hub.verify_token", this.settings.verifyToken);
    target.searchParams.set("hub.challenge", challenge);
    const r = await this.request(target, "GET", null, {});
    if (r.error !== undefined) return (this.handshake = { url, verified: false, error: r.error });
    const ok = r.status! >= 200 && r.status! < 300 && r.text.trim() === challenge;
    return (this.handshake = {
      url,
      verified: ok,
      status: r.status,
      ...(ok ? {} : { error: r.status! >= 200 && r.status! < 300 ? "the endpoint did not echo hub.challenge" : `the endpoint answered HTTP ${r.status}` }),
    });
  }

  /**
   * Sends every webhook due at or before `now` (virtual), in due order, `concurrency` at a time;
   * resolves when each has had its attempt. Failed ones go back in the queue for their retry.
   */
  flush(now: number): Promise<number> {
    const run = this.deliver(now);
    this.active.add(run);
    void run.finally(() => this.active.delete(run)).catch(() => undefined);
    return run;
  }

  /** Resolves once every flush in progress (started by anyone) has finished. */
  async settled(): Promise<void> {
    while (this.active.size > 0) await Promise.allSettled([...this.active]);
  }

  private async deliver(now: number): Promise<number> {
    let batch: Item[] = [];
    while (this.heap.size > 0 && this.heap.peek()!.due <= now) batch.push(this.heap.pop()!);
    if (batch.length === 0) return 0;
    if (this.settings.batch > 1) batch = this.group(batch);
    if (this.settings.url === null) {
      for (const item of batch) this.unsent(item, now);
      return batch.length;
    }
    if (!this.handshake.verified) await this.verify();
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < batch.length) await this.attempt(batch[next++], now);
    };
    await Promise.all(Array.from({ length: Math.min(this.settings.concurrency, batch.length) }, worker));
    return batch.length;
  }

  /**
   * Statuses of one number that are due together go in one webhook, up to `batch` a webhook,
   * in due order; everything else (and anything already attempted) stays as it is.
   */
  private group(items: Item[]): Item[] {
    const out: Item[] = [];
    const open = new Map<string, Item[]>();
    const close = (key: string): void => {
      const members = open.get(key)!;
      open.delete(key);
      if (members.length === 1) return void out.push(members[0]);
      const first = members[0];
      const refs = members.map((m) => m.job.ref!);
      out.push({
        due: first.due,
        seq: first.seq,
        duplicate: false,
        job: {
          due: first.job.due,
          field: "messages",
          kind: "status:batch",
          body: () => {
            const bodies = members.map((m) => m.job.body());
            const value = bodies[0].entry[0].changes[0].value as { statuses: unknown[] };
            value.statuses = bodies.flatMap((b) => (b.entry[0].changes[0].value as { statuses: unknown[] }).statuses);
            return bodies[0];
          },
        },
        refs,
      });
    };
    for (const item of items) {
      const key = item.job.group;
      if (key === undefined || item.entry !== undefined || item.duplicate || !item.job.kind.startsWith("status:")) {
        out.push(item);
        continue;
      }
      const members = open.get(key);
      if (members === undefined) open.set(key, [item]);
      else {
        members.push(item);
        if (members.length >= this.settings.batch) close(key);
      }
    }
    for (const key of [...open.keys()]) close(key);
    return out;
  }

  /** Delivered webhooks (newest last), filtered. */
  log(q: { field?: string; kind?: string; ref?: string; state?: string; limit?: number; offset?: number } = {}): { total: number; forgotten: number; webhooks: WebhookLogEntry[] } {
    let list = this.entries;
    if (q.field !== undefined) list = list.filter((e) => e.field === q.field);
    if (q.kind !== undefined) list = list.filter((e) => e.kind === q.kind || e.kind.startsWith(`${q.kind}:`));
    if (q.ref !== undefined) list = list.filter((e) => e.ref === q.ref || e.refs?.includes(q.ref!) === true);
    if (q.state !== undefined) list = list.filter((e) => e.state === q.state);
    const offset = q.offset ?? 0;
    return { total: list.length, forgotten: this.forgotten, webhooks: list.slice(offset, offset + (q.limit ?? 100)) };
  }

  /** Counters since the start (or the last reset). */
  stats(): Record<string, number> {
    return { pending: this.heap.size, ...this.counts };
  }

  /** Forgets everything queued and logged (the world is being rebuilt). */
  clear(): void {
    this.heap.clear();
    this.entries.length = 0;
    this.forgotten = 0;
    this.maxDue = 0;
    for (const k of Object.keys(this.counts) as Array<keyof typeof this.counts>) this.counts[k] = 0;
  }

  /** Closes idle connections. */
  close(): void {
    this.agent?.destroy();
    this.agent = null;
  }

  private entry(item: Item): WebhookLogEntry {
    if (item.entry) return item.entry;
    const body = item.body ?? metaJson(item.job.body());
    const e: WebhookLogEntry = {
      id: this.nextLogId++,
      field: item.job.field,
      kind: item.job.kind,
      ...(item.job.ref !== undefined ? { ref: item.job.ref } : {}),
      ...(item.refs !== undefined ? { refs: item.refs } : {}),
      due: this.iso(item.due),
      duplicate: item.duplicate,
      state: "retrying",
      attempts: [],
      body,
      signature: signature256(this.settings.appSecret, body),
    };
    item.entry = e;
    this.entries.push(e);
    // Forget the oldest a tenth at a time (one shift per webhook would copy the whole log).
    const size = this.settings.logSize;
    if (this.entries.length > size + Math.ceil(size / 10)) this.forgotten += this.entries.splice(0, this.entries.length - size).length;
    return e;
  }

  private unsent(item: Item, now: number): void {
    const e = this.entry(item);
    e.state = "no-endpoint";
    e.attempts.push({ at: this.iso(now), error: "no webhook endpoint is set", ms: 0 });
    this.counts.unsent++;
  }

  private async attempt(item: Item, now: number): Promise<void> {
    const e = this.entry(item);
    const first = item.firstAt === undefined;
    if (first) {
      item.firstAt = now;
      if (!item.duplicate && this.settings.duplicates > 0 && this.rng.nextFloat() < this.settings.duplicates) {
        // At-least-once delivery: the same bytes again, a little later.
        const later = now + 1 + Math.floor(this.rng.nextFloat() * Math.max(1000, this.settings.reorder));
        this.heap.push({ due: later, seq: this.seq++, job: item.job, body: e.body, duplicate: true });
        this.counts.duplicates++;
      }
    }
    const t0 = performance.now();
    let status: number | undefined;
    let error: string | undefined;
    if (!this.handshake.verified) {
      error = `the endpoint failed the verification handshake${this.handshake.error ? ` (${this.handshake.error})` : ""}`;
    } else {
      let sha1 = SHA1.get(e);
      if (sha1 === undefined) SHA1.set(e, (sha1 = "sha1=" + createHmac("sha1", this.settings.appSecret).update(e.body).digest("hex")));
      const r = await this.request(this.target(), "POST", e.body, { "Content-Type": "application/json", "X-Hub-Signature-256": e.signature, "X-Hub-Signature": sha1 });
      status = r.status;
      error = r.error;
    }
    e.attempts.push({ at: this.iso(now), ...(status !== undefined ? { status } : {}), ...(error !== undefined ? { error } : {}), ms: Math.round((performance.now() - t0) * 10) / 10 });
    if (status !== undefined && status >= 200 && status < 300) {
      e.state = "delivered";
      this.counts.delivered++;
      return;
    }
    this.counts.failedAttempts++;
    const r = this.settings.retry;
    const delay = Math.min(r.max, r.first * 2 ** (e.attempts.length - 1));
    if (now + delay - item.firstAt! > r.giveUpAfter) {
      e.state = "gave-up";
      this.counts.gaveUp++;
      return;
    }
    e.state = "retrying";
    item.due = now + delay;
    item.seq = this.seq++;
    this.heap.push(item);
  }

  /** The endpoint, parsed once per URL. */
  private target(): URL {
    const url = this.settings.url!;
    if (this.parsed?.href !== url) this.parsed = { href: url, url: new URL(url) };
    return this.parsed.url;
  }

  private request(url: URL, method: "GET" | "POST", body: string | null, headers: Record<string, string>): Promise<{ status?: number; text: string; error?: string }> {
    const secure = url.protocol === "https:";
    if (!secure && url.protocol !== "http:") return Promise.resolve({ text: "", error: `unsupported protocol ${url.protocol}` });
    if (!this.agent) this.agent = secure ? new https.Agent({ keepAlive: true, maxSockets: this.settings.concurrency }) : new http.Agent({ keepAlive: true, maxSockets: this.settings.concurrency });
    const lib = secure ? https : http;
    return new Promise((resolve) => {
      const req = lib.request(
        url,
        { method, agent: this.agent!, headers: { "User-Agent": "facebookexternalua", ...(body !== null ? { "Content-Length": String(Buffer.byteLength(body)) } : {}), ...headers }, timeout: this.settings.timeoutMs },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString("utf8") }));
          res.on("error", (err) => resolve({ text: "", error: err.message }));
        },
      );
      req.on("timeout", () => req.destroy(new Error(`no answer within ${this.settings.timeoutMs} ms`)));
      req.on("error", (err) => resolve({ text: "", error: (err as NodeJS.ErrnoException).code ? `${(err as NodeJS.ErrnoException).code}: ${err.message}` : err.message }));
      req.end(body ?? undefined);
    });
  }
}
