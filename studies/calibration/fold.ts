// Folds webhook bodies, one log line at a time, into counters that the fits read at the end.
// Constant memory whatever the log's length: per-message state lives in two generations of a
// number-keyed map (a status joins the message it concerns while that message is among the
// last ~1M seen), latencies in bounded histograms, distinct users in a HyperLogLog, counts per
// hour of the log. Pure: the caller reads files and hands over the lines.
import { LogHistogram } from "./log-histogram.js";
import { DistinctCounter } from "./distinct.js";
import { hash53 } from "./hash.js";

/**
 * A message's map value: ((delivered second × 2^16) + seconds from delivery to read, at most
 * 65,535) × 32 + status flags.
 */
const SENT = 1;
const DELIVERED = 2;
const READ = 4;
const FAILED = 8;
const REPLIED = 16;
const FLAGS = 32;
const DELTA = 65536;

/** Per hour of the log: delivered, read, replied, read-and-replied, marketing delivered, stops. */
const H_DELIVERED = 0;
const H_READ = 1;
const H_REPLIED = 2;
const H_READ_REPLIED = 3;
const H_MARKETING = 4;
const H_STOPS = 5;
const H_SLOTS = 6;

/** Line numbers kept per kind of problem (the count is always exact). */
const KEEP_LINES = 20;
/** History entries kept (template and limit changes are rare: a log with more is unusual). */
const KEEP_HISTORY = 10_000;

/** What a log line's problem is. */
export type LineProblem = "malformed" | "duplicate" | "out-of-order";

/** Where a problem is, and what it is. */
export interface LineIssue {
  file: string;
  line: number;
  message: string;
}

/** Counted problems of one kind with the first {@link KEEP_LINES} locations. */
export interface IssueTally {
  count: number;
  first: LineIssue[];
}

/** A template status or quality change from the log. */
export interface TemplateChange {
  at: string;
  template: string;
  language: string;
  /** `status` (message_template_status_update) or `quality` (message_template_quality_update). */
  kind: "status" | "quality";
  /** New status (APPROVED, PAUSED…) or quality score (GREEN, YELLOW, RED). */
  to: string;
  from?: string;
  reason?: string;
}

/** A messaging-limit or number-status change from the log. */
export interface LimitChange {
  at: string;
  /** UPGRADE, DOWNGRADE, FLAGGED, UNFLAGGED, THROUGHPUT_UPGRADE, CAPABILITY… */
  event: string;
  /** The limit after it (`null` = unlimited), when the webhook says. */
  limit?: number | null;
  phone?: string;
}

/** Options of the fold. */
export interface FoldOptions {
  /** Only bodies with a timestamp in [from, to) (Unix seconds) are counted. */
  from?: number;
  to?: number;
  /** Messages per generation of the join map (default 2^19: two generations hold ~1M). */
  generation?: number;
}

/** Messages joined to their statuses (sent, delivered, read, failed, replied), by 53-bit wamid hash. */
class JoinMap {
  private cur = new Map<number, number>();
  private old = new Map<number, number>();
  constructor(private readonly generation: number) {}

  get(k: number): number {
    const v = this.cur.get(k);
    if (v !== undefined) return v;
    return this.old.get(k) ?? -1;
  }

  set(k: number, v: number): void {
    if (!this.cur.has(k) && this.cur.size >= this.generation) {
      this.old = this.cur;
      this.cur = new Map();
    }
    this.cur.set(k, v);
  }
}

function tally(): IssueTally {
  return { count: 0, first: [] };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Unix seconds of a webhook timestamp (a string or a number), or NaN. */
function seconds(v: unknown): number {
  const n = typeof v === "string" && /^\d{1,12}$/.test(v) ? Number(v) : typeof v === "number" && Number.isInteger(v) && v >= 0 ? v : NaN;
  return n;
}

const LIMIT_NAMES: Readonly<Record<string, number | null>> = { TIER_UNLIMITED: null };

/** `TIER_2K` → 2000, `TIER_UNLIMITED` → null, an integer (-1 unlimited) as itself; undefined otherwise. */
export function parseLimit(v: unknown): number | null | undefined {
  if (typeof v === "number") return v < 0 ? null : v;
  if (typeof v !== "string") return undefined;
  if (v in LIMIT_NAMES) return LIMIT_NAMES[v];
  const m = /^TIER_(\d+)(K?)$/.exec(v);
  return m ? Number(m[1]) * (m[2] ? 1000 : 1) : undefined;
}

class Malformed extends Error {}

/**
 * Everything the fits need from a webhook log, folded line by line.
 *
 * @example
 * ```ts
 * const fold = new WebhookFold();
 * fold.line('{"object":"whatsapp_business_account","entry":[…]}', "w.jsonl", 1);
 * fold.statuses.delivered; // messages delivered so far
 * ```
 */
export class WebhookFold {
  readonly files: string[] = [];
  lines = 0;
  blank = 0;
  bodies = 0;
  readonly malformed = tally();
  readonly duplicates = tally();
  readonly outOfOrder = tally();
  /** Bodies outside --from/--to. */
  outside = 0;
  /** Statuses of a message no earlier line named (sent before the log, or beyond the join window). */
  unjoinedReplies = 0;
  /** Webhook fields the calibration does not read, by name. */
  readonly otherFields = new Map<string, number>();
  firstTs = Infinity;
  lastTs = -Infinity;
  private maxTs = -Infinity;

  readonly statuses = { messages: 0, sent: 0, delivered: 0, read: 0, failed: 0, replied: 0, marketingDelivered: 0 };
  readonly failures = new Map<number, number>();
  readonly readLatency = new LogHistogram();
  readonly replyLatency = new LogHistogram();
  inbound = 0;
  stops = 0;
  /** Stop requests as "Stop promotions" button replies (counted in `stops`). */
  stopButtons = 0;
  systemErrors = 0;
  readonly users = new DistinctCounter();
  /** Counts per hour of the log (hour index → slots). */
  readonly hours = new Map<number, Float64Array>();
  readonly templates: TemplateChange[] = [];
  readonly limits: LimitChange[] = [];
  historyTruncated = 0;

  private readonly join: JoinMap;
  private readonly seen: JoinMap;
  private file = "";
  private lineNo = 0;

  constructor(private readonly options: FoldOptions = {}) {
    const gen = options.generation ?? 1 << 19;
    this.join = new JoinMap(gen);
    this.seen = new JoinMap(gen);
  }

  /** Starts a new file (line numbers restart). */
  beginFile(file: string): void {
    this.files.push(file);
    this.file = file;
  }

  /**
   * Folds one line: a webhook body, or a `{ receivedAt, body }` wrapper around one. Returns the
   * problem with the line, if any (it is also counted).
   */
  line(text: string, lineNo: number): LineProblem | null {
    this.lines++;
    this.lineNo = lineNo;
    if (text.trim() === "") {
      this.blank++;
      return null;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      return this.problem("malformed", `not JSON (${(err as Error).message})`);
    }
    try {
      if (isObject(parsed) && !("object" in parsed) && "body" in parsed) {
        const inner = parsed.body;
        parsed = typeof inner === "string" ? JSON.parse(inner) : inner;
      }
      return this.body(parsed);
    } catch (err) {
      if (err instanceof Malformed || err instanceof SyntaxError) return this.problem("malformed", err.message);
      throw err;
    }
  }

  private problem(kind: LineProblem, message: string): LineProblem {
    const t = kind === "malformed" ? this.malformed : kind === "duplicate" ? this.duplicates : this.outOfOrder;
    t.count++;
    if (t.first.length < KEEP_LINES) t.first.push({ file: this.file, line: this.lineNo, message });
    return kind;
  }

  private body(b: unknown): LineProblem | null {
    if (!isObject(b) || b.object !== "whatsapp_business_account" || !Array.isArray(b.entry)) {
      throw new Malformed('not a WhatsApp Business Account webhook: expected { "object": "whatsapp_business_account", "entry": [...] }');
    }
    // Validate and find the body's moment first: a line is counted whole or not at all.
    let ts = -Infinity;
    const changes: Array<{ field: string; value: Record<string, unknown>; time: number }> = [];
    for (const entry of b.entry) {
      if (!isObject(entry) || !Array.isArray(entry.changes)) throw new Malformed("entry without changes[]");
      const time = seconds(entry.time);
      for (const ch of entry.changes) {
        if (!isObject(ch) || typeof ch.field !== "string" || !isObject(ch.value)) throw new Malformed("change without field and value");
        changes.push({ field: ch.field, value: ch.value, time });
        ts = Math.max(ts, this.momentOf(ch.field, ch.value, time));
      }
    }
    if (ts > -Infinity) {
      if ((this.options.from !== undefined && ts < this.options.from) || (this.options.to !== undefined && ts >= this.options.to)) {
        this.outside++;
        return null;
      }
    }
    this.bodies++;
    let problem: LineProblem | null = null;
    if (ts > -Infinity) {
      if (ts < this.maxTs) problem = this.problem("out-of-order", `timestamp ${ts} is ${this.maxTs - ts} s before an earlier line's`);
      this.maxTs = Math.max(this.maxTs, ts);
      this.firstTs = Math.min(this.firstTs, ts);
      this.lastTs = Math.max(this.lastTs, ts);
    }
    let dup = false;
    for (const { field, value, time } of changes) dup = this.change(field, value, time) || dup;
    // A line can be both late and a repeat: each is counted.
    if (dup) {
      const repeat = this.problem("duplicate", "repeats a webhook already counted (at-least-once delivery)");
      problem ??= repeat;
    }
    return problem;
  }

  /** The latest timestamp a change carries (−∞ if none). */
  private momentOf(field: string, v: Record<string, unknown>, time: number): number {
    let ts = Number.isNaN(time) ? -Infinity : time;
    const scan = (list: unknown, key: string): void => {
      if (list === undefined) return;
      if (!Array.isArray(list)) throw new Malformed(`${field}: ${key} is not an array`);
      for (const x of list) {
        if (!isObject(x)) throw new Malformed(`${field}: an item of ${key} is not an object`);
        const s = seconds(x.timestamp);
        if (Number.isNaN(s)) throw new Malformed(`${field}: an item of ${key} has no Unix-second timestamp`);
        ts = Math.max(ts, s);
      }
    };
    if (field === "messages") {
      scan(v.statuses, "statuses");
      scan(v.messages, "messages");
    } else if (field === "user_preferences") scan(v.user_preferences, "user_preferences");
    return ts;
  }

  private hour(ts: number): Float64Array {
    const h = Math.floor(ts / 3600);
    let row = this.hours.get(h);
    if (row === undefined) this.hours.set(h, (row = new Float64Array(H_SLOTS)));
    return row;
  }

  /** Folds one change; true if it repeated something already counted. */
  private change(field: string, v: Record<string, unknown>, time: number): boolean {
    switch (field) {
      case "messages": {
        let dup = false;
        if (Array.isArray(v.statuses)) for (const s of v.statuses as Array<Record<string, unknown>>) dup = this.status(s) || dup;
        if (Array.isArray(v.messages)) for (const m of v.messages as Array<Record<string, unknown>>) dup = this.message(m) || dup;
        if (Array.isArray(v.errors)) this.systemErrors += v.errors.length;
        return dup;
      }
      case "user_preferences": {
        let dup = false;
        for (const p of (v.user_preferences as Array<Record<string, unknown>> | undefined) ?? []) {
          if (p.value !== "stop") continue;
          const key = hash53(`pref|${String(p.wa_id)}|${String(p.timestamp)}`);
          if (this.seen.get(key) >= 0) {
            dup = true;
            continue;
          }
          this.seen.set(key, 0);
          this.stops++;
          this.hour(seconds(p.timestamp))[H_STOPS]++;
        }
        return dup;
      }
      case "message_template_status_update":
        this.history(this.templates, {
          at: this.iso(time),
          template: String(v.message_template_name ?? v.message_template_id ?? "?"),
          language: String(v.message_template_language ?? ""),
          kind: "status",
          to: String(v.event ?? "?"),
          ...(v.reason !== undefined ? { reason: String(v.reason) } : {}),
        });
        return false;
      case "message_template_quality_update":
        this.history(this.templates, {
          at: this.iso(time),
          template: String(v.message_template_name ?? v.message_template_id ?? "?"),
          language: String(v.message_template_language ?? ""),
          kind: "quality",
          from: String(v.previous_quality_score ?? "?"),
          to: String(v.new_quality_score ?? "?"),
        });
        return false;
      case "phone_number_quality_update": {
        const limit = parseLimit(v.max_daily_conversations_per_business ?? v.current_limit);
        this.history(this.limits, {
          at: this.iso(time),
          event: String(v.event ?? "?"),
          ...(limit !== undefined ? { limit } : {}),
          ...(v.display_phone_number !== undefined ? { phone: String(v.display_phone_number) } : {}),
        });
        return false;
      }
      case "business_capability_update": {
        const limit = parseLimit(v.max_daily_conversations_per_business ?? v.max_daily_conversation_per_phone);
        if (limit !== undefined) this.history(this.limits, { at: this.iso(time), event: "CAPABILITY", limit });
        return false;
      }
      default:
        this.otherFields.set(field, (this.otherFields.get(field) ?? 0) + 1);
        return false;
    }
  }

  private history<T>(list: T[], item: T): void {
    if (list.length < KEEP_HISTORY) list.push(item);
    else this.historyTruncated++;
  }

  private iso(ts: number): string {
    return Number.isNaN(ts) ? "" : new Date(ts * 1000).toISOString();
  }

  /** One status; true if a duplicate. */
  private status(s: Record<string, unknown>): boolean {
    const id = s.id;
    const status = s.status;
    const ts = seconds(s.timestamp);
    if (typeof id !== "string" || typeof status !== "string") throw new Malformed("a status without id or status");
    const key = hash53(id);
    const v = this.join.get(key);
    const known = v >= 0;
    let flags = known ? v % FLAGS : 0;
    const packed = known ? Math.floor(v / FLAGS) : 0;
    let t = known ? Math.floor(packed / DELTA) : ts;
    let delta = known ? packed % DELTA : 0;
    if (!known) {
      this.statuses.messages++;
      if (typeof s.recipient_id === "string") this.users.add(s.recipient_id);
    }
    switch (status) {
      case "sent":
        if (flags & SENT) return true;
        flags |= SENT;
        this.statuses.sent++;
        break;
      case "delivered":
        if (flags & DELIVERED) return true;
        flags |= DELIVERED;
        if (!(flags & READ)) {
          this.delivered(s, ts);
          t = ts;
        }
        break;
      case "read": {
        if (flags & READ) return true;
        const wasDelivered = (flags & DELIVERED) !== 0;
        flags |= READ;
        this.statuses.read++;
        if (!wasDelivered) {
          // Read at once: Meta sends no `delivered`; the read is the delivery.
          this.delivered(s, ts);
          t = ts;
        } else {
          this.readLatency.add(ts - t);
          delta = Math.min(DELTA - 1, Math.max(0, ts - t));
        }
        const row = this.hour(t);
        row[H_READ]++;
        if (flags & REPLIED) row[H_READ_REPLIED]++;
        break;
      }
      case "failed": {
        if (flags & FAILED) return true;
        flags |= FAILED;
        this.statuses.failed++;
        const errors = s.errors;
        const code = Array.isArray(errors) && isObject(errors[0]) && typeof errors[0].code === "number" ? errors[0].code : 0;
        this.failures.set(code, (this.failures.get(code) ?? 0) + 1);
        t = ts;
        break;
      }
      default:
        // `played` (voice) and later additions: nothing to fit.
        return false;
    }
    this.join.set(key, (t * DELTA + delta) * FLAGS + flags);
    return false;
  }

  private delivered(s: Record<string, unknown>, ts: number): void {
    this.statuses.delivered++;
    const row = this.hour(ts);
    row[H_DELIVERED]++;
    const pricing = s.pricing;
    if (!isObject(pricing) || pricing.category === "marketing" || pricing.category === "marketing_lite") {
      this.statuses.marketingDelivered++;
      row[H_MARKETING]++;
    }
  }

  /** One inbound message; true if a duplicate. */
  private message(m: Record<string, unknown>): boolean {
    const id = m.id;
    if (typeof id !== "string") throw new Malformed("an inbound message without id");
    const self = hash53("in|" + id);
    if (this.seen.get(self) >= 0) return true;
    this.seen.set(self, 0);
    const ts = seconds(m.timestamp);
    if (typeof m.from === "string") this.users.add(m.from);
    const button = isObject(m.button) ? m.button : null;
    if (m.type === "button" && button && /stop/i.test(String(button.text ?? button.payload ?? ""))) {
      this.stops++;
      this.stopButtons++;
      this.hour(ts)[H_STOPS]++;
      return false;
    }
    const context = isObject(m.context) ? m.context : null;
    if (context === null || typeof context.id !== "string") {
      this.inbound++;
      return false;
    }
    const key = hash53(context.id);
    const v = this.join.get(key);
    if (v < 0) {
      this.unjoinedReplies++;
      return false;
    }
    const flags = v % FLAGS;
    if (flags & REPLIED) return false; // a second reply to the same message: one replied message
    const packed = Math.floor(v / FLAGS);
    const t = Math.floor(packed / DELTA);
    // Replies are timed from the read, as tiersim draws them (from the delivery when unread).
    this.statuses.replied++;
    this.replyLatency.add(ts - t - (flags & READ ? packed % DELTA : 0));
    const row = this.hour(t);
    row[H_REPLIED]++;
    if (flags & READ) row[H_READ_REPLIED]++;
    this.join.set(key, v + REPLIED);
    return false;
  }

  /**
   * Counts of messages whose delivery (or read) hour starts before `cut` (Unix seconds): the
   * rates' denominators and numerators, over messages that had time to be read and answered.
   */
  settled(cut: number): { delivered: number; read: number; replied: number; readReplied: number; marketing: number; stops: number } {
    const out = { delivered: 0, read: 0, replied: 0, readReplied: 0, marketing: 0, stops: 0 };
    for (const [h, row] of this.hours) {
      // Whole hours only, unless nothing is to be left out.
      if ((h + 1) * 3600 > cut && cut < this.lastTs) continue;
      out.delivered += row[H_DELIVERED];
      out.read += row[H_READ];
      out.replied += row[H_REPLIED];
      out.readReplied += row[H_READ_REPLIED];
      out.marketing += row[H_MARKETING];
      out.stops += row[H_STOPS];
    }
    return out;
  }
}
