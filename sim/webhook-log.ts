// The webhooks Meta would have sent a business for one simulated run, as JSONL lines in time
// order: message statuses (sent, delivered, read, failed with its error) with the era's pricing,
// replies and spontaneous inbound messages, marketing opt-outs, template status and quality
// updates, and messaging-limit, flag and throughput changes of the number or portfolio. Bodies
// come from models/wire, the builder the emulator uses; this file only decides which body
// says what, and when. Pure: lines go to a sink the caller owns (the CLI writes the file).
import { DAY } from "../models/duration.js";
import { priceOf, pricingModelAt } from "../models/pricing.js";
import type { Limit } from "../models/rules/types.js";
import {
  inboundText,
  inboundValue,
  metaJson,
  statusesValue,
  statusObject,
  statusPricing,
  userPreferencesValue,
  wamidOf,
  webhookBody,
  type StatusPricing,
  type WirePhone,
  type WireTemplate,
} from "../models/wire/index.js";
import type { SimConfig } from "./config.js";
import { eventWebhooks, type EventWebhookNames } from "./event-webhooks.js";
import type { TapMessage, WireTap } from "./platform/tap.js";
import type { RunEventBody } from "./result.js";

/**
 * The WhatsApp Business Account id the log's envelopes carry (Meta's documentation sample): a
 * simulated business has no real one.
 */
export const SIMULATED_WABA_ID = "102290129340398";

/** Calling codes of the markets scenarios name most; other markets get the unassigned code 999. */
const CALLING_CODES: Readonly<Record<string, string>> = {
  AR: "54", BR: "55", CL: "56", CO: "57", DE: "49", ES: "34", FR: "33", GB: "44", ID: "62", IN: "91",
  IT: "39", MX: "52", NG: "234", PE: "51", PT: "351", SA: "966", TR: "90", US: "1", ZA: "27", AE: "971",
};

/** How long a line waits before it is written: every moment the run settles later lies later than this before its clock. */
const SETTLE = DAY;

/**
 * A user's WhatsApp id in the log: the market's calling code and a number made from the
 * user's index, so a log names each simulated user by one stable id.
 *
 * @example
 * ```ts
 * simulatedWaId("ES", 7); // "34600000007"
 * ```
 */
export function simulatedWaId(market: string, user: number): string {
  return (CALLING_CODES[market] ?? "999") + String(600_000_000 + user);
}

/** The calling codes {@link simulatedWaId} writes (999 for markets without one). */
const SIMULATED_CODES = new Set([...Object.values(CALLING_CODES), "999"]);

/**
 * The user index a simulated log's WhatsApp id names (the inverse of {@link simulatedWaId}), or
 * -1 when `waId` is not one tiersim writes: a backtest of a simulated log replays each message
 * to the very user the run sent it to.
 *
 * @example
 * ```ts
 * simulatedUserOf("34600000007"); // 7
 * simulatedUserOf("447700900123"); // -1
 * ```
 */
export function simulatedUserOf(waId: string): number {
  const m = /^(\d{1,3})(6\d{8})$/.exec(waId);
  if (m === null || !SIMULATED_CODES.has(m[1])) return -1;
  return Number(m[2]) - 600_000_000;
}

/** FNV-1a of a string: stable numeric template ids from names. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** A template as a simulated log names it: a numeric id from its name, in one language. */
function templateByName(name: string): WireTemplate {
  return { id: String(100_000_000_000 + fnv1a(name)), name, language: "en_US" };
}

/** What the log needs of the run beyond the configuration. */
export interface WebhookLogHost {
  /** Current name of a template (replacements are renamed). */
  templateName(template: number): string;
  /** The messaging limit of phone number `phone` (index) now. */
  limitOf(phone: number): Limit;
  /** ISO time of run time `t`. */
  iso(t: number): string;
}

/**
 * Turns a run's wire moments and events into webhook bodies, one JSON line each, in
 * non-decreasing time order (ties in the order the run settled them). Lines wait in a heap
 * until the run's clock is a day past them (limit changes are sometimes recorded a little
 * after their moment), so memory holds about a day of webhooks, whatever the run's length.
 *
 * @example
 * ```ts
 * const lines: string[] = [];
 * const log = new WebhookLog(config, host, (line) => lines.push(line));
 * platform.tapWire(log); recorder.onEvent = (t, e) => log.event(t, e);
 * engine.runUntil(config.horizon);
 * log.finish();
 * ```
 */
export class WebhookLog implements WireTap {
  private readonly phones: WirePhone[];
  private readonly pricing = new Map<string, StatusPricing>();
  /** How account-level events name numbers and templates (see eventWebhooks). */
  private readonly names: EventWebhookNames;
  private messageSeq = 0;
  private lineSeq = 0;
  // The waiting lines: a binary heap on (at, seq).
  private readonly hAt: number[] = [];
  private readonly hSeq: number[] = [];
  private readonly hLine: string[] = [];

  constructor(
    private readonly cfg: SimConfig,
    private readonly host: WebhookLogHost,
    private readonly sink: (line: string) => void,
  ) {
    this.phones = cfg.business.phones.map((_, p) => ({ id: String(106540352242922 + p), display: "1555010" + String(p).padStart(4, "0") }));
    const ids = cfg.business.phones.map((p) => p.id);
    this.names = {
      portfolio: cfg.ruleSet.limit.scope === "portfolio",
      phones: this.phones,
      phoneIndex: (id) => ids.indexOf(id),
      limitOf: (p) => host.limitOf(p),
      // A simulated template exists in one language.
      templates: (name) => [templateByName(name)],
      iso: (t) => host.iso(t),
    };
  }

  /** The number as webhooks name it (`phone_number_id`, `display_phone_number`). */
  phone(p: number): WirePhone {
    return this.phones[p];
  }

  /** Template `t` as its webhooks name it: a numeric id from its current name, its language. */
  template(t: number): WireTemplate {
    return templateByName(this.host.templateName(t));
  }

  message(m: Readonly<TapMessage>): void {
    this.flush(m.sentAt);
    const { cfg } = this;
    const market = cfg.audience.markets[m.market].code;
    const waId = simulatedWaId(market, m.user);
    const phone = this.phones[m.phone];
    const wamid = wamidOf(waId, (++this.messageSeq).toString(16).padStart(18, "0"));
    const epoch = cfg.startEpoch;
    // The sender tags each message with its segment, as a business can with biz_opaque_callback_data.
    const tag = cfg.audience.segments[m.segment].name;
    const status = (s: "sent" | "delivered" | "read", at: number): void => {
      const pricing = this.pricingOf(m.template, m.market, market, m.insideCsw, epoch + at);
      this.push(at, webhookBody(SIMULATED_WABA_ID, "messages", statusesValue(phone, [statusObject({ id: wamid, status: s, at: epoch + at, recipient: waId, pricing, bizOpaqueCallbackData: tag })])));
    };
    if (m.code !== 0) {
      this.push(m.at, webhookBody(SIMULATED_WABA_ID, "messages", statusesValue(phone, [statusObject({ id: wamid, status: "failed", at: epoch + m.at, recipient: waId, error: { code: m.code }, bizOpaqueCallbackData: tag })])));
      return;
    }
    status("sent", m.sentAt);
    // Meta sends no `delivered` for a message delivered and read at once.
    if (m.readAt !== m.at) status("delivered", m.at);
    if (m.readAt >= 0) status("read", m.readAt);
    const contact = { waId, name: `User ${m.user}` };
    if (m.replyAt >= 0) {
      const reply = inboundText({ from: waId, id: wamidOf(waId, (++this.messageSeq).toString(16).padStart(18, "0")), at: epoch + m.replyAt, body: "Thanks!", context: { from: phone.display, id: wamid } });
      this.push(m.replyAt, webhookBody(SIMULATED_WABA_ID, "messages", inboundValue(phone, contact, reply)));
    }
    if (m.optOut) this.push(m.at, webhookBody(SIMULATED_WABA_ID, "user_preferences", userPreferencesValue(phone, contact, "stop", epoch + m.at), epoch + m.at));
  }

  inbound(user: number, at: number): void {
    this.flush(at);
    // Spontaneous messages name no segment's number: the population's market is what the id needs.
    const market = this.cfg.audience.markets[this.marketOf(user)].code;
    const waId = simulatedWaId(market, user);
    const id = wamidOf(waId, (++this.messageSeq).toString(16).padStart(18, "0"));
    this.push(at, webhookBody(SIMULATED_WABA_ID, "messages", inboundValue(this.phones[0], { waId, name: `User ${user}` }, inboundText({ from: waId, id, at: this.cfg.startEpoch + at, body: "Hello" }))));
  }

  /** Market of `user`, set by the run (the tap's inbound call names only the user). */
  marketOf: (user: number) => number = () => 0;

  /** A run event: the ones Meta reports by webhook become their bodies (see eventWebhooks). */
  event(t: number, e: RunEventBody): void {
    const epoch = this.cfg.startEpoch + t;
    for (const w of eventWebhooks(t, e, this.names)) this.push(t, webhookBody(SIMULATED_WABA_ID, w.field, w.value, epoch));
  }

  /** Writes every line a day or more older than `now`. */
  flush(now: number): void {
    const limit = now - SETTLE;
    while (this.hAt.length > 0 && this.hAt[0] <= limit) this.sink(this.pop());
  }

  /** Writes the lines left (all before the horizon). */
  finish(): void {
    while (this.hAt.length > 0) this.sink(this.pop());
  }

  private pricingOf(template: number, marketIndex: number, market: string, insideCsw: boolean, epochMs: number): StatusPricing {
    const model = pricingModelAt(this.cfg.ruleSet, epochMs);
    const key = `${template}|${marketIndex}|${insideCsw ? 1 : 0}|${model}`;
    let p = this.pricing.get(key);
    if (p === undefined) {
      p = statusPricing(priceOf(this.cfg.ruleSet, { category: this.cfg.templates[template].category, market, epochMs, insideCsw, insideFep: false }));
      this.pricing.set(key, p);
    }
    return p;
  }

  private push(at: number, body: unknown): void {
    if (at >= this.cfg.horizon) return;
    const { hAt, hSeq, hLine } = this;
    let i = hAt.length;
    const seq = this.lineSeq++;
    hAt.push(at);
    hSeq.push(seq);
    hLine.push(metaJson(body));
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (hAt[parent] < at || (hAt[parent] === at && hSeq[parent] < seq)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private pop(): string {
    const { hAt, hSeq, hLine } = this;
    const top = hLine[0];
    const last = hAt.length - 1;
    this.swap(0, last);
    hAt.pop();
    hSeq.pop();
    hLine.pop();
    let i = 0;
    const n = hAt.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && (hAt[l] < hAt[m] || (hAt[l] === hAt[m] && hSeq[l] < hSeq[m]))) m = l;
      if (r < n && (hAt[r] < hAt[m] || (hAt[r] === hAt[m] && hSeq[r] < hSeq[m]))) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
    return top;
  }

  private swap(a: number, b: number): void {
    const { hAt, hSeq, hLine } = this;
    const ta = hAt[a];
    hAt[a] = hAt[b];
    hAt[b] = ta;
    const ts = hSeq[a];
    hSeq[a] = hSeq[b];
    hSeq[b] = ts;
    const tl = hLine[a];
    hLine[a] = hLine[b];
    hLine[b] = tl;
  }
}
