// A business's own record of the sends it attempted — what its webhooks cannot show, such as a
// send the Cloud API refused before it was sent — one line at a time: CSV with a header naming
// `timestamp,recipient,template,category` (and optionally `phone`), or JSONL objects with those
// keys. `tiersim calibrate --sends` counts them beside the log; `tiersim backtest --sends`
// replays them.
import type { IssueTally } from "./fold.js";

/** One attempted send. */
export interface SendRow {
  /** Unix milliseconds. */
  at: number;
  /** The user's WhatsApp id (wa_id). */
  recipient: string;
  /** Template name ("" when the row names only a category). */
  template: string;
  /** Pricing category, lower case (`marketing`, `utility`, `authentication`), "" when not given. */
  category: string;
  /** Sending number (a scenario phone id or a `phone_number_id`), "" when not given. */
  phone: string;
}

/** Line numbers kept per kind of problem (the count is always exact). */
const KEEP_LINES = 20;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Unix ms of a timestamp: ISO-8601 with a zone, or Unix seconds; NaN otherwise. */
export function sendTime(v: unknown): number {
  if (typeof v === "number") return Number.isFinite(v) && v >= 0 ? Math.round(v * 1000) : NaN;
  if (typeof v !== "string" || v === "") return NaN;
  if (/^\d{1,12}(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v)) return NaN;
  return Date.parse(v);
}

/**
 * Reads a sends file line by line (CSV or JSONL, by the file's name); malformed lines are
 * counted with their line numbers, never thrown.
 *
 * @example
 * ```ts
 * const r = new SendsReader("csv");
 * r.line("timestamp,recipient,template,category", 1, "sends.csv"); // null (the header)
 * r.line("2026-03-02T10:00:00Z,34600000001,daily_deal,marketing", 2, "sends.csv"); // { send: … }
 * ```
 */
export class SendsReader {
  private columns: string[] | null = null;

  constructor(private readonly format: "csv" | "jsonl") {}

  /** The format of a sends file from its name: `.jsonl`/`.json` (optionally `.gz`) is JSONL, anything else CSV. */
  static formatOf(file: string): "csv" | "jsonl" {
    return /\.jsonl?(\.gz)?$/i.test(file) ? "jsonl" : "csv";
  }

  /** One line: a send, a problem (`error`), or null for a header, blank or `#` comment line. */
  line(text: string): { send: SendRow } | { error: string } | null {
    const trimmed = text.trim();
    if (trimmed === "" || trimmed.startsWith("#")) return null;
    let row: Record<string, unknown>;
    if (this.format === "jsonl") {
      let v: unknown;
      try {
        v = JSON.parse(trimmed);
      } catch (err) {
        return { error: `not JSON (${(err as Error).message})` };
      }
      if (!isObject(v)) return { error: "not a JSON object" };
      row = v;
    } else {
      const cells = trimmed.split(",").map((c) => c.trim().replace(/^"(.*)"$/, "$1"));
      if (this.columns === null) {
        const names = cells.map((c) => c.toLowerCase());
        if (!names.includes("timestamp") || !names.includes("recipient")) return { error: "the first line must name the columns: timestamp,recipient,template,category" };
        this.columns = names;
        return null;
      }
      const columns = this.columns;
      row = Object.fromEntries(columns.map((n, i) => [n, cells[i] ?? ""]));
    }
    const at = sendTime(row.timestamp);
    const recipient = typeof row.recipient === "number" ? String(row.recipient) : row.recipient;
    const template = typeof row.template === "string" ? row.template : "";
    const category = typeof row.category === "string" ? row.category.toLowerCase() : "";
    if (Number.isNaN(at)) return { error: `timestamp ${JSON.stringify(row.timestamp ?? null)}: write an ISO-8601 date-time with its zone (2026-03-02T10:00:00Z) or Unix seconds` };
    if (typeof recipient !== "string" || recipient === "") return { error: "no recipient: write the user's WhatsApp id (wa_id)" };
    if (template === "" && category === "") return { error: "neither template nor category: name at least one" };
    return { send: { at, recipient, template, category, phone: typeof row.phone === "string" ? row.phone : "" } };
  }
}

/**
 * Counts a sends file's attempts for calibration (constant memory): in all, per pricing
 * category (or template when no category is given), within the calibration's [from, to).
 *
 * @example
 * ```ts
 * const c = new SendsCount({});
 * c.beginFile("sends.csv");
 * c.line("timestamp,recipient,template,category", 1);
 * c.line("2026-03-02T10:00:00Z,34600000001,daily_deal,marketing", 2);
 * c.attempts; // 1
 * ```
 */
export class SendsCount {
  readonly files: string[] = [];
  attempts = 0;
  outside = 0;
  readonly byCategory = new Map<string, number>();
  readonly malformed: IssueTally = { count: 0, first: [] };
  private reader = new SendsReader("csv");
  private file = "";

  /** Only sends in [from, to) (Unix seconds) are counted. */
  constructor(private readonly range: { from?: number; to?: number }) {}

  beginFile(file: string): void {
    this.files.push(file);
    this.file = file;
    this.reader = new SendsReader(SendsReader.formatOf(file));
  }

  /** Folds one line; returns the problem, or null. */
  line(text: string, lineNo: number): string | null {
    const r = this.reader.line(text);
    if (r === null) return null;
    if ("error" in r) {
      this.malformed.count++;
      if (this.malformed.first.length < KEEP_LINES) this.malformed.first.push({ file: this.file, line: lineNo, message: r.error });
      return r.error;
    }
    const s = r.send.at / 1000;
    if ((this.range.from !== undefined && s < this.range.from) || (this.range.to !== undefined && s >= this.range.to)) {
      this.outside++;
      return null;
    }
    this.attempts++;
    const key = r.send.category || `template ${r.send.template}`;
    this.byCategory.set(key, (this.byCategory.get(key) ?? 0) + 1);
    return null;
  }
}
