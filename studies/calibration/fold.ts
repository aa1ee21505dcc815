// Folds webhook bodies, one log line at a time, into counters that the fits read at the end.
// Constant memory whatever the log's length: per-message state lives in fixed-size tables that
// forget by the log's clock (a status joins the message it concerns if it comes within the
// join window — 72 h of log time by default — of that message's previous status), inbound
// duplicates are caught within the same window, latencies go to bounded histograms, distinct
// users to a HyperLogLog, and counts per hour of the log roll up into one row once they are
// older than the settle stretch. Pure: the caller reads files and hands over the lines.
import { hash53 } from "./hash.js";
import { WindowTable } from "./window-table.js";
import { H_DELIVERED, H_MARKETING, H_READ, H_READ_REPLIED, H_REPLIED, H_STOPS, Tally, type Settled } from "./tally.js";

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


/** Line numbers kept per kind of problem (the count is always exact). */
const KEEP_LINES = 20;
/** History entries kept (template and limit changes are rare: a log with more is unusual). */
const KEEP_HISTORY = 10_000;

/** Distinct names of unread webhook fields kept apart; more are counted under `(other)`. */
const KEEP_FIELDS = 64;

/** Default join window: statuses and replies join their message within 72 h of log time. */
export const DEFAULT_JOIN_WINDOW = 72 * 3600;
/** Default slots per generation of the message table (2^20: ~786,000 messages a window, 32 MB). */
export const DEFAULT_SLOTS = 1 << 20;

/** What a log line's problem is (`late`: older than the join window, see {@link FoldOptions.window}). */
export type LineProblem = "malformed" | "duplicate" | "out-of-order" | "late";

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

/** What `--segment-by` splits a log by: the `biz_opaque_callback_data` a sender tags messages with, the sending number, or the pricing category. */
export type SegmentKey = "callback" | "phone" | "category";

/** Segments kept apart; values beyond go to `(other)`. */
export const MAX_SEGMENTS = 64;

/** Options of the fold. */
export interface FoldOptions {
  /** Keep separate counters per value of this key. */
  segmentBy?: SegmentKey;
  /** Only bodies with a timestamp in [from, to) (Unix seconds) are counted. */
  from?: number;
  to?: number;
  /**
   * Join window, seconds of log time (default {@link DEFAULT_JOIN_WINDOW}): a message's state is
   * kept at least this long after its latest status, so a read, reply or repeat within it
   * joins. A line older than this behind the latest line is `late`: its statuses still join a
   * message held, others are left out and counted.
   */
  window?: number;
  /** Slots per generation of the message table, a power of two (default {@link DEFAULT_SLOTS}); the inbound table has a quarter. */
  slots?: number;
  /**
   * The longest `settle` the fits will ask for (seconds, default 86,400): hours older than
   * this behind the log's clock roll up into one row. {@link fitCalibration} refuses a longer one.
   */
  settle?: number;
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

// What one status or message adds to a slice's counters (the whole log's, then its segment's).
function countDelivered(x: Tally, ts: number, marketing: boolean): void {
  x.delivered++;
  const row = x.hour(ts);
  row[H_DELIVERED]++;
  if (marketing) row[H_MARKETING]++;
}

function countRead(x: Tally, deliveredAt: number, flags: number): void {
  x.read++;
  const row = x.hour(deliveredAt);
  row[H_READ]++;
  if (flags & REPLIED) row[H_READ_REPLIED]++;
}

function countReply(x: Tally, deliveredAt: number, latency: number, flags: number): void {
  x.replied++;
  x.replyLatency.add(latency);
  const row = x.hour(deliveredAt);
  row[H_REPLIED]++;
  if (flags & READ) row[H_READ_REPLIED]++;
}

function countStop(x: Tally, ts: number): void {
  x.stops++;
  x.hour(ts)[H_STOPS]++;
}

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
  /** Lines older than the join window behind the latest line (see {@link FoldOptions.window}). */
  readonly late = tally();
  /** Statuses on late lines whose message was no longer held: left out. */
  lateStatuses = 0;
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
  /** The whole log's counters. */
  readonly total = new Tally();
  /** Per segment (with `segmentBy`): names and counters, in order of first appearance. */
  readonly segmentNames: string[] = [];
  readonly segments: Tally[] = [];
  private readonly segmentIndex = new Map<string, number>();
  /** Message → segment, and user → segment of their latest delivered message (for stops and inbound). */
  private readonly segOf: WindowTable | null;
  private readonly userSeg: WindowTable | null;
  /** Stop requests as "Stop promotions" button replies (counted in `stops`). */
  stopButtons = 0;
  systemErrors = 0;
  readonly templates: TemplateChange[] = [];
  readonly limits: LimitChange[] = [];
  historyTruncated = 0;

  private readonly join: WindowTable;
  private readonly seen: WindowTable;
  private readonly tables: WindowTable[];
  /** Join window (s). */
  readonly window: number;
  /** Hours older than this (s) behind the log's clock are rolled up. */
  readonly settleMax: number;
  private file = "";
  private lineNo = 0;

  constructor(private readonly options: FoldOptions = {}) {
    const slots = options.slots ?? DEFAULT_SLOTS;
    this.window = options.window ?? DEFAULT_JOIN_WINDOW;
    this.settleMax = options.settle ?? 86_400;
    this.join = new WindowTable(slots, this.window);
    this.seen = new WindowTable(Math.max(16, slots / 4), this.window);
    this.segOf = options.segmentBy ? new WindowTable(slots, this.window) : null;
    this.userSeg = options.segmentBy ? new WindowTable(slots, this.window) : null;
    this.tables = [this.join, this.seen, ...(this.segOf ? [this.segOf] : []), ...(this.userSeg ? [this.userSeg] : [])];
  }

  get failures(): Map<number, number> {
    return this.total.failures;
  }
  get readLatency(): Tally["readLatency"] {
    return this.total.readLatency;
  }
  get replyLatency(): Tally["replyLatency"] {
    return this.total.replyLatency;
  }
  get users(): Tally["users"] {
    return this.total.users;
  }
  get inbound(): number {
    return this.total.inbound;
  }
  get stops(): number {
    return this.total.stops;
  }

  /** Index of segment `name`, created on first sight (`(other)` past {@link MAX_SEGMENTS}). */
  private segment(name: string): number {
    let i = this.segmentIndex.get(name);
    if (i !== undefined) return i;
    if (this.segments.length >= MAX_SEGMENTS - 1 && name !== "(other)") return this.segment("(other)");
    i = this.segments.push(new Tally()) - 1;
    this.segmentNames.push(name);
    this.segmentIndex.set(name, i);
    return i;
  }

  /** The segment a status names, by the option's key. */
  private segmentKey(s: Record<string, unknown>, phoneId: string): string {
    switch (this.options.segmentBy) {
      case "callback":
        return typeof s.biz_opaque_callback_data === "string" && s.biz_opaque_callback_data !== "" ? s.biz_opaque_callback_data : "(none)";
      case "phone":
        return phoneId || "(none)";
      default: {
        const p = s.pricing;
        return isObject(p) && typeof p.category === "string" ? p.category : "(none)";
      }
    }
  }

  /** The segment of a message: as first named (a later status may name it when the first did not). */
  private messageSegment(key: number, s: Record<string, unknown>, phoneId: string): Tally | null {
    if (this.segOf === null) return null;
    const known = this.segOf.get(key);
    const name = this.segmentKey(s, phoneId);
    if (known >= 0 && !(this.segmentNames[known] === "(none)" && name !== "(none)")) return this.segments[known];
    const i = this.segment(name);
    this.segOf.set(key, i);
    return this.segments[i];
  }

  /** The segment of a user (their latest delivered message's), or null. */
  private userSegment(waId: unknown): Tally | null {
    if (this.userSeg === null || typeof waId !== "string") return null;
    const i = this.userSeg.get(hash53(waId));
    return i >= 0 ? this.segments[i] : null;
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
    const t = kind === "malformed" ? this.malformed : kind === "duplicate" ? this.duplicates : kind === "late" ? this.late : this.outOfOrder;
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
      if (ts < this.maxTs - this.window) this.problem("late", `timestamp ${ts} is more than the join window (${this.window} s) before an earlier line's`);
      if (ts > this.maxTs) {
        this.maxTs = ts;
        for (const t of this.tables) t.advance(ts);
        this.rollUp(ts - this.settleMax);
      }
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

  /** Folds one change; true if it repeated something already counted. */
  private change(field: string, v: Record<string, unknown>, time: number): boolean {
    switch (field) {
      case "messages": {
        let dup = false;
        const phoneId = isObject(v.metadata) && typeof v.metadata.phone_number_id === "string" ? v.metadata.phone_number_id : "";
        if (Array.isArray(v.statuses)) for (const s of v.statuses as Array<Record<string, unknown>>) dup = this.status(s, phoneId) || dup;
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
          const ts = seconds(p.timestamp);
          countStop(this.total, ts);
          const g = this.userSegment(p.wa_id);
          if (g) countStop(g, ts);
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
      default: {
        const name = this.otherFields.has(field) || this.otherFields.size < KEEP_FIELDS ? field : "(other)";
        this.otherFields.set(name, (this.otherFields.get(name) ?? 0) + 1);
        return false;
      }
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
  private status(s: Record<string, unknown>, phoneId: string): boolean {
    const id = s.id;
    const status = s.status;
    const ts = seconds(s.timestamp);
    if (typeof id !== "string" || typeof status !== "string") throw new Malformed("a status without id or status");
    const key = hash53(id);
    const v = this.join.get(key);
    const known = v >= 0;
    if (!known && ts < this.maxTs - this.window) {
      // Its message may have been forgotten: counting it as a new one would invent a message.
      this.lateStatuses++;
      return false;
    }
    let flags = known ? v % FLAGS : 0;
    const packed = known ? Math.floor(v / FLAGS) : 0;
    let t = known ? Math.floor(packed / DELTA) : ts;
    let delta = known ? packed % DELTA : 0;
    const g = this.messageSegment(key, s, phoneId);
    if (!known) {
      this.statuses.messages++;
      if (typeof s.recipient_id === "string") {
        this.total.users.add(s.recipient_id);
        g?.users.add(s.recipient_id);
      }
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
          this.delivered(s, ts, g);
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
          this.delivered(s, ts, g);
          t = ts;
        } else {
          this.total.readLatency.add(ts - t);
          g?.readLatency.add(ts - t);
          delta = Math.min(DELTA - 1, Math.max(0, ts - t));
        }
        countRead(this.total, t, flags);
        if (g) countRead(g, t, flags);
        break;
      }
      case "failed": {
        if (flags & FAILED) return true;
        flags |= FAILED;
        this.statuses.failed++;
        const errors = s.errors;
        const code = Array.isArray(errors) && isObject(errors[0]) && typeof errors[0].code === "number" ? errors[0].code : 0;
        this.total.fail(code);
        g?.fail(code);
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

  private delivered(s: Record<string, unknown>, ts: number, g: Tally | null): void {
    this.statuses.delivered++;
    const pricing = s.pricing;
    const marketing = !isObject(pricing) || pricing.category === "marketing" || pricing.category === "marketing_lite";
    if (marketing) this.statuses.marketingDelivered++;
    countDelivered(this.total, ts, marketing);
    if (g) countDelivered(g, ts, marketing);
    if (g && this.userSeg && typeof s.recipient_id === "string") this.userSeg.set(hash53(s.recipient_id), this.segments.indexOf(g));
  }

  /** One inbound message; true if a duplicate. */
  private message(m: Record<string, unknown>): boolean {
    const id = m.id;
    if (typeof id !== "string") throw new Malformed("an inbound message without id");
    const self = hash53("in|" + id);
    if (this.seen.get(self) >= 0) return true;
    this.seen.set(self, 0);
    const ts = seconds(m.timestamp);
    if (typeof m.from === "string") this.total.users.add(m.from);
    const ug = this.userSegment(m.from);
    const button = isObject(m.button) ? m.button : null;
    if (m.type === "button" && button && /stop/i.test(String(button.text ?? button.payload ?? ""))) {
      this.stopButtons++;
      countStop(this.total, ts);
      if (ug) countStop(ug, ts);
      return false;
    }
    const context = isObject(m.context) ? m.context : null;
    if (context === null || typeof context.id !== "string") {
      this.total.inbound++;
      if (ug) ug.inbound++;
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
    const latency = ts - t - (flags & READ ? packed % DELTA : 0);
    const seg = this.segOf?.get(key) ?? -1;
    countReply(this.total, t, latency, flags);
    if (seg >= 0) countReply(this.segments[seg], t, latency, flags);
    this.join.set(key, v + REPLIED);
    return false;
  }

  /** Rolls every slice's hours ending by `before` (s) into one row: no fit will leave them out. */
  private rollUp(before: number): void {
    this.total.rollUp(before);
    for (const t of this.segments) t.rollUp(before);
  }

  /** Join-window figures: the window, and how much of it the tables really kept (shorter if a generation filled early). */
  windowKept(): { window: number; kept: number; earlyRotations: number } {
    return { window: this.window, kept: Math.min(...this.tables.map((t) => t.shortestKept)), earlyRotations: this.tables.reduce((n, t) => n + t.earlyRotations, 0) };
  }

  /** The whole log's counts over messages delivered before `cut` (see {@link Tally.settled}). */
  settled(cut: number): Settled {
    return this.total.settled(cut, this.lastTs);
  }
}
