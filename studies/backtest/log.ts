// What a backtest needs of a business's own records, folded a line at a time: each message's
// first moment and outcome (from its statuses), the users' own messages (replies and the
// rest), and what Meta said happened — messaging-limit changes, flags, template status and
// quality changes. Or, from a sends file, the sends the business attempted. Pure: the caller
// reads the files and hands over the lines.
import { parseLimit, type IssueTally } from "../calibration/fold.js";
import { SendsReader } from "../calibration/sends.js";

/** Line numbers kept per kind of problem (the count is always exact). */
const KEEP_LINES = 20;

/** One message of the log, at its first status. */
export interface LoggedMessage {
  /** Unix milliseconds of its first `sent`, `delivered`, `read` or `failed` status (whole seconds). */
  at: number;
  recipient: string;
  /** `phone_number_id` of the sending number ("" when the body names none). */
  phone: string;
  /** Pricing category as the webhook writes it (`marketing`, `utility`…), "" when none. */
  category: string;
  /** Template name (sends files name it; webhooks do not). */
  template: string;
  /** `delivered` (any of sent, delivered, read seen and no failure) or the failure's code. */
  failedCode: number;
  read: boolean;
  /** Order of first sight, to keep ties in log order. */
  seq: number;
}

/** What the log says happened, for one kind of change. */
export interface ObservedChange {
  /** Unix milliseconds (whole seconds). */
  at: number;
  kind: "limit" | "number-status" | "template-status" | "template-quality";
  /** Template name, or the phone number / "portfolio". */
  subject: string;
  from: string | null;
  to: string;
  /** The limit after a limit change (`null` unlimited). */
  limit?: number | null;
  line: string;
}

/** A problem with one line of an input file. */
export interface BacktestLineIssue {
  file: string;
  line: number;
  message: string;
}

class Malformed extends Error {}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function seconds(v: unknown): number {
  return typeof v === "string" && /^\d{1,12}$/.test(v) ? Number(v) : typeof v === "number" && Number.isInteger(v) && v >= 0 ? v : NaN;
}

/**
 * The webhook log and sends file of a backtest, folded line by line. Memory grows with the
 * number of messages (one small record each): a backtest replays every one of them.
 *
 * @example
 * ```ts
 * const log = new BacktestLog();
 * log.beginFile("w.jsonl");
 * log.webhookLine('{"object":"whatsapp_business_account","entry":[…]}', 1);
 * log.messages(); // in time order
 * ```
 */
export class BacktestLog {
  readonly files: string[] = [];
  lines = 0;
  readonly malformed: IssueTally = { count: 0, first: [] };
  readonly duplicates: IssueTally = { count: 0, first: [] };
  /** Messages by wamid (webhooks) — or in file order (sends). */
  private readonly byId = new Map<string, LoggedMessage>();
  private readonly sends: LoggedMessage[] = [];
  /** The users' own messages: Unix ms and wa_id, and whether it answers a message (context). */
  readonly inbound: Array<{ at: number; from: string; reply: boolean; seq: number }> = [];
  private readonly inboundIds = new Set<string>();
  readonly observed: ObservedChange[] = [];
  private readonly observedKeys = new Set<string>();
  /** Fields the backtest does not read, by name. */
  readonly otherFields = new Map<string, number>();
  /** `phone_number_id` of each display number the messages name (limit updates name the display number). */
  readonly phoneIdOf = new Map<string, string>();
  /** WhatsApp Business Account ids the envelopes name. */
  readonly accounts = new Set<string>();
  /**
   * The latest moment a folded webhook line names (an entry's time, a status's or a message's
   * timestamp), in Unix milliseconds; −Infinity before any. Beyond it the logs cannot show a change.
   */
  lastAt = -Infinity;
  private file = "";
  private lineNo = 0;
  private seq = 0;

  beginFile(file: string): void {
    this.files.push(file);
    this.file = file;
  }

  private problem(t: IssueTally, message: string): void {
    t.count++;
    if (t.first.length < KEEP_LINES) t.first.push({ file: this.file, line: this.lineNo, message });
  }

  /** Folds one webhook line (a raw body or a `{ receivedAt, body }` wrapper); returns a problem message, or null. */
  webhookLine(text: string, lineNo: number): string | null {
    this.lines++;
    this.lineNo = lineNo;
    if (text.trim() === "") return null;
    try {
      let parsed: unknown = JSON.parse(text);
      if (isObject(parsed) && !("object" in parsed) && "body" in parsed) parsed = typeof parsed.body === "string" ? JSON.parse(parsed.body) : parsed.body;
      this.body(parsed);
      return null;
    } catch (err) {
      if (!(err instanceof Malformed) && !(err instanceof SyntaxError)) throw err;
      const message = err instanceof SyntaxError ? `not JSON (${err.message})` : (err as Error).message;
      this.problem(this.malformed, message);
      return message;
    }
  }

  private body(b: unknown): void {
    if (!isObject(b) || b.object !== "whatsapp_business_account" || !Array.isArray(b.entry)) {
      throw new Malformed('not a WhatsApp Business Account webhook: expected { "object": "whatsapp_business_account", "entry": [...] }');
    }
    // Validate the whole line before folding any of it: a line counts whole or not at all.
    const changes: Array<{ field: string; value: Record<string, unknown>; time: number }> = [];
    for (const entry of b.entry) {
      if (!isObject(entry) || !Array.isArray(entry.changes)) throw new Malformed("entry without changes[]");
      if (typeof entry.id === "string") this.accounts.add(entry.id);
      for (const ch of entry.changes) {
        if (!isObject(ch) || typeof ch.field !== "string" || !isObject(ch.value)) throw new Malformed("change without field and value");
        const time = seconds(entry.time);
        if (ch.field === "messages") {
          for (const key of ["statuses", "messages"] as const) {
            const list = ch.value[key];
            if (list === undefined) continue;
            if (!Array.isArray(list)) throw new Malformed(`messages: ${key} is not an array`);
            for (const x of list) {
              if (!isObject(x) || Number.isNaN(seconds(x.timestamp))) throw new Malformed(`messages: an item of ${key} has no Unix-second timestamp`);
              if (typeof x.id !== "string") throw new Malformed(`messages: an item of ${key} has no id`);
            }
          }
        } else if (ch.field !== "user_preferences" && OBSERVED_FIELDS.has(ch.field) && Number.isNaN(time)) {
          throw new Malformed(`${ch.field}: the entry has no Unix-second time`);
        }
        changes.push({ field: ch.field, value: ch.value, time });
      }
    }
    for (const { field, value, time } of changes) {
      if (Number.isFinite(time)) this.lastAt = Math.max(this.lastAt, time * 1000);
      if (field === "messages") {
        for (const key of ["statuses", "messages"] as const) for (const x of (value[key] as Array<Record<string, unknown>> | undefined) ?? []) this.lastAt = Math.max(this.lastAt, seconds(x.timestamp) * 1000);
      }
      this.change(field, value, time);
    }
  }

  private change(field: string, v: Record<string, unknown>, time: number): void {
    const at = time * 1000;
    switch (field) {
      case "messages": {
        const phone = isObject(v.metadata) && typeof v.metadata.phone_number_id === "string" ? v.metadata.phone_number_id : "";
        if (phone !== "" && isObject(v.metadata) && typeof v.metadata.display_phone_number === "string") this.phoneIdOf.set(v.metadata.display_phone_number, phone);
        for (const s of (v.statuses as Array<Record<string, unknown>> | undefined) ?? []) this.status(s, phone);
        for (const m of (v.messages as Array<Record<string, unknown>> | undefined) ?? []) {
          const id = m.id as string;
          if (this.inboundIds.has(id)) {
            this.problem(this.duplicates, "repeats an inbound message already counted");
            continue;
          }
          this.inboundIds.add(id);
          if (typeof m.from !== "string") continue;
          this.inbound.push({ at: seconds(m.timestamp) * 1000, from: m.from, reply: isObject(m.context) && typeof m.context.id === "string", seq: this.seq++ });
        }
        return;
      }
      case "phone_number_quality_update": {
        const event = String(v.event ?? "?");
        const phone = String(v.display_phone_number ?? "portfolio");
        if (event === "UPGRADE" || event === "DOWNGRADE") {
          const limit = parseLimit(v.max_daily_conversations_per_business ?? v.current_limit);
          if (limit !== undefined) this.observe({ at, kind: "limit", subject: v.max_daily_conversations_per_business !== undefined ? "portfolio" : phone, from: v.old_limit !== undefined ? limitText(parseLimit(v.old_limit)) : null, to: limitText(limit), limit, line: "" });
        } else if (event === "FLAGGED" || event === "UNFLAGGED") {
          this.observe({ at, kind: "number-status", subject: phone, from: null, to: event === "FLAGGED" ? "FLAGGED" : "CONNECTED", line: "" });
        }
        return;
      }
      case "business_capability_update": {
        const portfolio = v.max_daily_conversations_per_business !== undefined;
        const limit = parseLimit(v.max_daily_conversations_per_business ?? v.max_daily_conversation_per_phone);
        if (limit !== undefined) this.observe({ at, kind: "limit", subject: portfolio ? "portfolio" : "capability", from: null, to: limitText(limit), limit, line: "" });
        return;
      }
      case "message_template_status_update":
        this.observe({ at, kind: "template-status", subject: String(v.message_template_name ?? v.message_template_id ?? "?"), from: null, to: String(v.event ?? "?"), line: "" });
        return;
      case "message_template_quality_update":
        this.observe({ at, kind: "template-quality", subject: String(v.message_template_name ?? v.message_template_id ?? "?"), from: String(v.previous_quality_score ?? "?"), to: String(v.new_quality_score ?? "?"), line: "" });
        return;
      case "user_preferences":
        return;
      default:
        this.otherFields.set(field, (this.otherFields.get(field) ?? 0) + 1);
    }
  }

  /** Records an account-level change once (at-least-once delivery repeats them). */
  private observe(c: ObservedChange): void {
    const key = `${c.at}|${c.kind}|${c.subject}|${c.to}|${c.from ?? ""}`;
    if (this.observedKeys.has(key)) {
      this.problem(this.duplicates, `repeats a ${c.kind} update already counted`);
      return;
    }
    this.observedKeys.add(key);
    c.line = `${this.file}:${this.lineNo}`;
    this.observed.push(c);
  }

  private status(s: Record<string, unknown>, phone: string): void {
    const id = s.id as string;
    const status = s.status;
    const at = seconds(s.timestamp) * 1000;
    if (status !== "sent" && status !== "delivered" && status !== "read" && status !== "failed") return;
    let m = this.byId.get(id);
    if (m === undefined) {
      m = { at, recipient: typeof s.recipient_id === "string" ? s.recipient_id : "", phone, category: "", template: "", failedCode: -1, read: false, seq: this.seq++ };
      this.byId.set(id, m);
    } else if (status === "read" ? m.read : status === "failed" ? m.failedCode > 0 : false) {
      this.problem(this.duplicates, `repeats a ${status} status already counted`);
      return;
    }
    if (at < m.at) m.at = at;
    if (m.recipient === "" && typeof s.recipient_id === "string") m.recipient = s.recipient_id;
    if (m.phone === "") m.phone = phone;
    const pricing = s.pricing;
    if (m.category === "" && isObject(pricing) && typeof pricing.category === "string") m.category = pricing.category;
    if (status === "read") m.read = true;
    if (status === "failed") {
      const errors = s.errors;
      m.failedCode = Array.isArray(errors) && isObject(errors[0]) && typeof errors[0].code === "number" ? errors[0].code : 1;
    } else if (m.failedCode < 0) m.failedCode = 0;
    else if (m.failedCode > 0 && status !== "sent") m.failedCode = 0; // delivered or read after all: it went out
  }

  /**
   * Folds one line of a sends file (see {@link SendsReader} for the formats). Returns a
   * problem message, or null.
   */
  sendsLine(text: string, lineNo: number): string | null {
    this.lines++;
    this.lineNo = lineNo;
    const r = this.sendsReader.line(text);
    if (r === null) return null;
    if ("error" in r) {
      this.problem(this.malformed, r.error);
      return r.error;
    }
    this.sends.push({ ...r.send, failedCode: 0, read: false, seq: this.seq++ });
    return null;
  }

  private sendsReader = new SendsReader("csv");

  /** Starts a sends file (its format from its name; a CSV header is read again). */
  beginSendsFile(file: string): void {
    this.beginFile(file);
    this.sendsReader = new SendsReader(SendsReader.formatOf(file));
  }

  /** Messages of the webhooks, or the sends of a sends file, in time order (ties in order of first sight). */
  messages(fromSends: boolean): LoggedMessage[] {
    const list = (fromSends ? [...this.sends] : [...this.byId.values()]).map((m) => ({ ...m }));
    list.sort((a, b) => a.at - b.at || a.seq - b.seq);
    return list;
  }

  /** Sends read from sends files. */
  get sendCount(): number {
    return this.sends.length;
  }

  /** Distinct messages the webhooks name. */
  get messageCount(): number {
    return this.byId.size;
  }
}

/** Account-level fields a backtest compares. */
const OBSERVED_FIELDS = new Set(["phone_number_quality_update", "business_capability_update", "message_template_status_update", "message_template_quality_update"]);

/** `10000` → "10000", `null` → "unlimited". */
export function limitText(l: number | null | undefined): string {
  return l === undefined ? "?" : l === null ? "unlimited" : String(l);
}
