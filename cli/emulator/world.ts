// The emulated WhatsApp side: the platform component of `tiersim run` (sim/platform) on the
// emulator's clock, its audience as recipients, and everything the Cloud API says about it —
// send responses, status webhooks at the moments the platform draws, inbound messages, template,
// quality and limit webhooks from the platform's event log. No IO here: webhooks go to a sink
// (the dispatcher), and time moves only when the clock calls `advanceTo`.
import { priceOf, pricingCategory, pricingModelAt } from "../../models/pricing.js";
import type { Limit, Quality, TemplateStatus } from "../../models/rules/types.js";
import {
  graphError,
  httpStatusOf,
  inboundText,
  inboundValue,
  phoneNumberNode,
  sendResponse,
  servicePricing,
  statusObject,
  statusPricing,
  statusesValue,
  templateNode,
  tierName,
  userPreferencesValue,
  webhookBody,
  type MessageStatus,
  type StatusConversation,
  type StatusPricing,
  type WebhookBody,
  type WebhookField,
  type WirePhone,
  type WireTemplate,
} from "../../models/wire/index.js";
import type { SimConfig } from "../../sim/config.js";
import { logNormal, streamFor, type Xoshiro128ss } from "../../sim/engine/index.js";
import { DELIVERED, FAILED, HELD, REJECTED, type AttemptInfo } from "../../sim/outcomes.js";
import { createPlatform, type PlatformListener, type StandalonePlatform, type UserMessageKind } from "../../sim/platform/index.js";
import { eventWebhooks, type EventWebhookNames } from "../../sim/event-webhooks.js";
import type { RunEvent } from "../../sim/result.js";
import { Faults, magicFault, type FaultHit } from "./faults.js";
import { Ids } from "./ids.js";
import { Recipients } from "./recipients.js";
import type { ParsedSend } from "./validate.js";

/** How the emulator writes what the platform decides, where Meta leaves a choice. */
export interface WireChoices {
  /** HTTP status of the throttling codes (130429, 131056, …): 400 as observed, or 429 as Meta's table says. */
  throttleStatus: 400 | 429;
  /** A send to a paused template: a 132015 Graph error, or 200 with `message_status: "paused"` and a failed status. */
  pausedTemplate: "error" | "status";
  /** A send over the messaging limit: accepted, then a failed status (Meta publishes no synchronous code), or a Graph error. */
  limitReached: "webhook" | "error";
}

/** One webhook to send: when it is due (virtual ms since the start), what it is, and its body. */
export interface WebhookJob {
  due: number;
  field: WebhookField;
  /** `status:sent`, `status:failed`, `message`, `template-status`… */
  kind: string;
  /** The wamid or template it is about. */
  ref?: string;
  /** Statuses with the same group (the sending number) may share one webhook when batching. */
  group?: string;
  /** Builds the body (once, when it is first sent). */
  body(): WebhookBody;
}

/** Where the world puts webhooks. */
export interface WebhookSink {
  enqueue(job: WebhookJob): void;
}

/** An HTTP answer: status and JSON body. */
export interface Reply {
  status: number;
  body: unknown;
}

/** One accepted message, as the outbox shows it. */
export interface OutboxEntry {
  id: string;
  /** ISO time it was accepted. */
  at: string;
  phone: string;
  to: string;
  waId: string;
  /** Audience user it reached (−1 for a magic number). */
  user: number;
  type: string;
  template?: string;
  language?: string;
  /** What the send response said (`message_status`). */
  messageStatus: MessageStatus;
  /** Latest status sent in a webhook: accepted (none yet), held, sent, delivered, read, failed. */
  status: "accepted" | "held" | "sent" | "delivered" | "read" | "failed";
  code?: number;
}

/** Everything a world is built from. */
export interface WorldSetup {
  config: SimConfig;
  /** Languages per template, in the configuration's order. */
  languages: string[][];
  seed: number;
  wire: WireChoices;
  /** Accepted messages the outbox keeps (older ones are forgotten). */
  outboxSize: number;
}

/** A template of the catalogue in one language. */
interface CatalogueEntry {
  index: number;
  language: string;
}

/** What a message's status webhooks need. */
interface MessageRecord {
  id: string;
  entry: OutboxEntry;
  phone: number;
  waId: string;
  user: number;
  bizOpaque?: string;
  /** Template index, or −1 for a free-form message. */
  template: number;
}

const TAG = 0;
const REPLIES = ["Thanks!", "Yes, please 🙂", "How much is it?", "¿Tienen envío a Madrid?", "Ok", "Can you tell me more?"];
const INBOUND = ["Hi", "Hola, ¿siguen abiertos?", "Where is my order?", "Bonjour ! Vous livrez à Lyon ?", "Is the offer still on?"];
const PROFILE_NAMES = ["Alex", "Sam", "Lucía", "Noah", "Amélie", "Kenji", "Priya", "Mateo", "Zoë", "Omar"];

/**
 * The emulated platform of one emulator (rebuilt on reset).
 *
 * @example
 * ```ts
 * const world = new World(setup, sink);
 * world.send(0, { kind: "template", to: "15551000000", waId: "15551000000", name: "daily_deal", language: "en_US" });
 * // { status: 200, body: { messaging_product: "whatsapp", contacts: […], messages: [{ id: "wamid.…", message_status: "accepted" }] } }
 * world.advanceTo(2 * 3_600_000); // delivered and read statuses become due in the sink
 * ```
 */
export class World implements PlatformListener {
  readonly sp: StandalonePlatform;
  readonly cfg: SimConfig;
  readonly ids: Ids;
  readonly recipients: Recipients;
  readonly faults = new Faults();
  readonly wabaId: string;
  readonly phones: WirePhone[];
  /** The latest moment something the sender caused is due (a status, a reply); auto-advance runs up to it. */
  awaitUntil = 0;
  /** Held messages not yet released or dropped. */
  heldOutstanding = 0;
  private readonly languages: string[][];
  private readonly wire: WireChoices;
  private readonly portfolio: boolean;
  private readonly outbox: OutboxEntry[] = [];
  private outboxDropped = 0;
  private readonly outboxSize: number;
  private readonly byId = new Map<string, OutboxEntry>();
  private readonly held = new Map<number, MessageRecord>();
  /** The last message to each user: replies answer it, and come to its number. */
  private readonly lastTo = new Map<number, { id: string; phone: number }>();
  private readonly inboundIds = new Set<string>();
  private readonly retired = new Map<string, number>();
  /** How platform events name numbers and templates in their webhooks (see eventWebhooks). */
  private readonly names: EventWebhookNames;
  private readonly conversations = new Map<string, { id: string; expires: number }>();
  private readonly session: Xoshiro128ss;
  private readonly words: Xoshiro128ss;
  private eventsSeen = 0;

  constructor(
    setup: WorldSetup,
    private readonly sink: WebhookSink,
  ) {
    this.cfg = setup.config;
    this.languages = setup.languages;
    this.wire = setup.wire;
    this.outboxSize = setup.outboxSize;
    this.ids = new Ids(setup.seed);
    this.portfolio = this.cfg.ruleSet.limit.scope === "portfolio";
    this.wabaId = this.ids.numeric("waba");
    this.phones = this.cfg.business.phones.map((p, i) => ({ id: p.id, display: `1650555${String(100 + i).padStart(4, "0")}` }));
    this.session = streamFor(setup.seed, "emulator:session");
    this.words = streamFor(setup.seed, "emulator:words");
    this.sp = createPlatform(this.cfg, { seed: setup.seed, listener: this });
    this.recipients = new Recipients(this.sp.platform);
    this.names = {
      portfolio: this.portfolio,
      phones: this.phones,
      phoneIndex: (id) => this.phoneIndex(id),
      limitOf: (i) => this.sp.platform.limitOf(i),
      templates: (name) => {
        const i = this.templateIndex(name);
        return (i >= 0 ? this.languages[i] : ["en_US"]).map((language) => this.wireTemplate(name, language));
      },
      iso: (t) => this.iso(t),
    };
    this.scanEvents();
  }

  /** Virtual time, ms since the scenario start. */
  get now(): number {
    return this.sp.now;
  }

  /** Epoch ms of virtual time `t`. */
  epoch(t: number): number {
    return this.cfg.startEpoch + t;
  }

  iso(t: number): string {
    return new Date(this.epoch(t)).toISOString();
  }

  /** Index of the phone whose id is `id`, or −1. */
  phoneIndex(id: string): number {
    return this.phones.findIndex((p) => p.id === id);
  }

  /** Runs the platform up to `t` (its timers, replies, releases) and turns new events into webhooks. */
  advanceTo(t: number): void {
    if (t > this.sp.now) this.sp.advanceTo(t);
    this.scanEvents();
  }

  // ── Sends ──────────────────────────────────────────────────────────────────────────────

  /** `POST /{phone}/messages` with a validated body. */
  send(phone: number, p: ParsedSend): Reply {
    if (p.kind === "read") {
      if (!this.inboundIds.has(p.messageId)) return this.error(100, `Param message_id must be the id of a message this number received - got "${p.messageId}".`);
      return { status: 200, body: { success: true } };
    }
    const hit = magicFault(p.waId) ?? this.faults.match(p.waId);
    if (hit) return this.fault(hit, phone, p);
    const reply = p.kind === "template" ? this.sendTemplate(phone, p) : this.sendSession(phone, p);
    this.scanEvents();
    return reply;
  }

  private sendTemplate(phone: number, p: Extract<ParsedSend, { kind: "template" }>): Reply {
    const found = this.template(p.name, p.language);
    if (typeof found === "string") return this.error(found === "retired" ? 132016 : 132001, found === "retired" ? `Template ${p.name} is disabled and was replaced.` : `template name (${p.name}) does not exist in ${p.language}`);
    const now = this.now;
    const user = this.recipients.resolve(p.waId);
    const info = this.sp.send(now, user, found.index, phone, TAG);
    const rs = this.cfg.ruleSet;
    switch (info.outcome) {
      case REJECTED: {
        const code = info.code;
        if (code === rs.limit.overLimitCode && this.wire.limitReached === "webhook") return this.acceptFailed(phone, p, user, found, code, now, "accepted");
        if (code === rs.templates.pausedCode && this.wire.pausedTemplate === "status" && this.sp.platform.templateStatus(found.index) === "PAUSED") {
          return this.acceptFailed(phone, p, user, found, code, now, "paused");
        }
        return this.error(code);
      }
      case HELD: {
        const rec = this.accept(phone, p, user, found, "held_for_quality_assessment");
        rec.entry.status = "held";
        this.held.set(info.ticket, rec);
        this.heldOutstanding++;
        return this.ok(rec);
      }
      default: {
        const rec = this.accept(phone, p, user, found, "accepted");
        this.outcome(rec, info, now);
        return this.ok(rec);
      }
    }
  }

  private sendSession(phone: number, p: Extract<ParsedSend, { kind: "session" }>): Reply {
    const now = this.now;
    const user = this.recipients.resolve(p.waId);
    const code = this.sp.platform.session(user, phone, now);
    const rs = this.cfg.ruleSet;
    if (code === rs.throughput.code || code === rs.pairRate.code || code === rs.enforcement.blockCode) return this.error(code);
    const rec = this.accept(phone, p, user, null, "accepted");
    const lat = this.cfg.audience.latency;
    const deliveredAt = now + Math.round(logNormal(this.session, lat.deliver, lat.spread));
    if (code !== 0) {
      this.queueStatus(rec, "failed", deliveredAt, undefined, undefined, code);
      return this.ok(rec, false);
    }
    const pricing = servicePricing(pricingModelAt(rs, this.epoch(deliveredAt)));
    const conversation = pricing.pricing_model === "CBP" ? this.conversation(user, "SERVICE", deliveredAt) : undefined;
    this.queueStatus(rec, "sent", now, pricing, conversation?.sent);
    const segment = this.cfg.audience.segments[this.sp.platform.segmentOf(user)];
    const reads = this.session.nextFloat() < segment.read;
    const readAt = reads ? deliveredAt + Math.round(logNormal(this.session, lat.read, lat.spread)) : -1;
    if (readAt !== deliveredAt) this.queueStatus(rec, "delivered", deliveredAt, pricing, conversation?.later);
    if (reads) this.queueStatus(rec, "read", readAt, pricing, conversation?.later);
    return this.ok(rec, false);
  }

  /** A send a fault answers: a Graph error, or accepted and failed at once (nothing reaches the platform). */
  private fault(hit: FaultHit, phone: number, p: Extract<ParsedSend, { kind: "template" | "session" }>): Reply {
    if (hit.mode === "sync") return this.error(hit.code, hit.details);
    const rec = this.record(phone, p, -1, p.kind === "template" ? { name: p.name, language: p.language } : null, p.kind === "template" ? "accepted" : undefined, -1);
    this.queueStatus(rec, "failed", this.now, undefined, undefined, hit.code, hit.details);
    return this.ok(rec, p.kind === "template");
  }

  /** Accepted, but failed at once with `code` (the limit, a paused template). */
  private acceptFailed(phone: number, p: Extract<ParsedSend, { kind: "template" }>, user: number, found: CatalogueEntry, code: number, now: number, status: MessageStatus): Reply {
    const rec = this.accept(phone, p, user, found, status);
    this.queueStatus(rec, "failed", now, undefined, undefined, code);
    return this.ok(rec);
  }

  private accept(phone: number, p: Extract<ParsedSend, { kind: "template" | "session" }>, user: number, found: CatalogueEntry | null, status: MessageStatus): MessageRecord {
    const rec = this.record(phone, p, user, found ? { name: p.kind === "template" ? p.name : "", language: found.language } : null, status, found ? found.index : -1);
    this.lastTo.set(user, { id: rec.id, phone });
    return rec;
  }

  private record(phone: number, p: Extract<ParsedSend, { kind: "template" | "session" }>, user: number, template: { name: string; language: string } | null, status: MessageStatus | undefined, index: number): MessageRecord {
    const id = this.ids.wamid(p.waId);
    const entry: OutboxEntry = {
      id,
      at: this.iso(this.now),
      phone: this.phones[phone].id,
      to: p.to,
      waId: p.waId,
      user,
      type: p.kind === "template" ? "template" : p.type,
      ...(template ? { template: template.name, language: template.language } : {}),
      messageStatus: status ?? "accepted",
      status: "accepted",
    };
    this.outbox.push(entry);
    this.byId.set(id, entry);
    // Forget the oldest a tenth at a time: shifting one entry per send would copy the whole outbox.
    if (this.outbox.length > this.outboxSize + Math.ceil(this.outboxSize / 10)) {
      const old = this.outbox.splice(0, this.outbox.length - this.outboxSize);
      for (const m of old) this.byId.delete(m.id);
      this.outboxDropped += old.length;
    }
    return { id, entry, phone, waId: p.waId, user, template: index, ...(p.bizOpaque !== undefined ? { bizOpaque: p.bizOpaque } : {}) };
  }

  private ok(rec: MessageRecord, withStatus = true): Reply {
    return { status: 200, body: sendResponse(rec.entry.to, rec.waId, rec.id, withStatus ? rec.entry.messageStatus : undefined) };
  }

  /** A Graph error reply with a fresh trace id. */
  error(code: number, details?: string, opts: { message?: string; type?: string; subcode?: number; noData?: boolean } = {}): Reply {
    return { status: httpStatusOf(code, this.wire.throttleStatus), body: graphError(code, { fbtraceId: this.ids.fbtrace(), ...(details !== undefined ? { details } : {}), ...opts }) };
  }

  /** Statuses of a template message the platform delivered or failed (at once, or on release). */
  private outcome(rec: MessageRecord, info: Readonly<AttemptInfo>, now: number): void {
    if (info.outcome === FAILED) {
      this.queueStatus(rec, "failed", info.notifyAt, undefined, undefined, info.code);
      return;
    }
    if (info.outcome !== DELIVERED) return;
    const rs = this.cfg.ruleSet;
    const category = this.cfg.templates[rec.template].category;
    const notifyAt = info.notifyAt;
    const model = pricingModelAt(rs, this.epoch(notifyAt));
    const conv = model === "CBP" ? this.conversation(rec.user, pricingCategory(category), notifyAt) : undefined;
    const price = priceOf(rs, { category, market: this.sp.platform.marketOf(rec.user), epochMs: this.epoch(notifyAt), insideCsw: info.insideCsw, insideFep: false, opensConversation: conv?.opened ?? true });
    const pricing = statusPricing(price);
    this.queueStatus(rec, "sent", now, pricing, conv?.sent);
    // Delivered and read at once: Meta sends only `read`.
    if (info.readAt !== notifyAt) this.queueStatus(rec, "delivered", notifyAt, pricing, conv?.later);
    if (info.readAt >= 0) this.queueStatus(rec, "read", info.readAt, pricing, conv?.later);
    if (info.replyAt >= 0) this.await(info.replyAt);
  }

  /** CBP: the conversation a delivery at `at` belongs to (opening one when none is open). */
  private conversation(user: number, category: string, at: number): { opened: boolean; sent: StatusConversation; later: StatusConversation } {
    const key = `${user}:${category}`;
    let c = this.conversations.get(key);
    const opened = !(c !== undefined && c.expires > at);
    if (opened) this.conversations.set(key, (c = { id: this.ids.conversation(), expires: at + this.cfg.ruleSet.pricing.conversationWindow }));
    const origin = { type: category.toLowerCase() };
    const later = { id: c!.id, origin };
    return { opened, later, sent: opened ? { id: c!.id, expiration_timestamp: String(Math.floor(this.epoch(c!.expires) / 1000)), origin } : later };
  }

  private queueStatus(rec: MessageRecord, status: "sent" | "delivered" | "read" | "failed", at: number, pricing?: StatusPricing, conversation?: StatusConversation, code?: number, details?: string): void {
    this.await(at);
    const phone = this.phones[rec.phone];
    this.sink.enqueue({
      due: at,
      field: "messages",
      kind: `status:${status}`,
      ref: rec.id,
      group: phone.id,
      body: () => {
        rec.entry.status = status;
        if (code !== undefined) rec.entry.code = code;
        const s = statusObject({
          id: rec.id,
          status,
          at: this.epoch(at),
          recipient: rec.waId,
          ...(pricing ? { pricing } : {}),
          ...(conversation ? { conversation } : {}),
          ...(code !== undefined ? { error: { code, ...(details !== undefined ? { details } : {}) } } : {}),
          ...(rec.bizOpaque !== undefined ? { bizOpaqueCallbackData: rec.bizOpaque } : {}),
        });
        return webhookBody(this.wabaId, "messages", statusesValue(phone, [s]));
      },
    });
  }

  private await(at: number): void {
    if (at > this.awaitUntil) this.awaitUntil = at;
  }

  // ── The platform's listener ───────────────────────────────────────────────────────────

  signal(): void {}
  wake(): void {}

  resolved(_tag: number, _user: number, info: Readonly<AttemptInfo>, ticket: number, now: number): void {
    const rec = this.held.get(ticket);
    if (!rec) return;
    this.held.delete(ticket);
    this.heldOutstanding--;
    this.outcome(rec, info, now);
  }

  userMessage(user: number, kind: UserMessageKind, now: number): void {
    const last = this.lastTo.get(user);
    const phone = last?.phone ?? 0;
    const words = kind === "reply" ? REPLIES : INBOUND;
    const body = words[this.words.nextInt(words.length)];
    this.inbound(user, phone, body, now, kind === "reply" && last ? { from: this.phones[phone].display, id: last.id } : undefined);
  }

  optedOut(user: number, at: number): void {
    const phone = this.lastTo.get(user)?.phone ?? 0;
    const contact = this.contact(user);
    this.sink.enqueue({
      due: at,
      field: "user_preferences",
      kind: "user-preferences:stop",
      ref: contact.waId,
      body: () => webhookBody(this.wabaId, "user_preferences", userPreferencesValue(this.phones[phone], contact, "stop", this.epoch(at)), this.epoch(at)),
    });
  }

  private contact(user: number): { waId: string; name: string } {
    return { waId: this.recipients.numberOf(user), name: `${PROFILE_NAMES[user % PROFILE_NAMES.length]} ${user}` };
  }

  /** A user's message to `phone` at `at` (a reply, an inbound message, or one a test simulates); returns its wamid. */
  inbound(user: number, phone: number, body: string, at: number, context?: { from: string; id: string }): string {
    const contact = this.contact(user);
    const id = this.ids.wamid(contact.waId);
    this.inboundIds.add(id);
    this.sink.enqueue({
      due: at,
      field: "messages",
      kind: context ? "message:reply" : "message",
      ref: id,
      body: () => webhookBody(this.wabaId, "messages", inboundValue(this.phones[phone], contact, inboundText({ from: contact.waId, id, at: this.epoch(at), body, ...(context ? { context } : {}) }))),
    });
    return id;
  }

  /** A test makes `waId` write `body` to `phone` now: the window opens, the message webhook goes out. */
  simulateInbound(waId: string, phone: number, body: string): { id: string; user: number; windowUntil: string } {
    const user = this.recipients.resolve(waId);
    const now = this.now;
    this.sp.platform.userWrites(user, now);
    const id = this.inbound(user, phone, body, now);
    return { id, user, windowUntil: this.iso(now + this.cfg.ruleSet.windows.csw) };
  }

  // ── Templates ──────────────────────────────────────────────────────────────────────────

  /** The template a send names, or why there is none. */
  private template(name: string, language: string): CatalogueEntry | "unknown" | "retired" {
    const p = this.sp.platform;
    for (let i = 0; i < this.cfg.templates.length; i++) {
      if (p.templateName(i) !== name) continue;
      return this.languages[i].includes(language) ? { index: i, language } : "unknown";
    }
    return this.retired.has(name) ? "retired" : "unknown";
  }

  /** Index of the template currently named `name` (in any language), or −1. */
  templateIndex(name: string): number {
    for (let i = 0; i < this.cfg.templates.length; i++) if (this.sp.platform.templateName(i) === name) return i;
    return -1;
  }

  private wireTemplate(name: string, language: string): WireTemplate {
    return { id: this.ids.numeric(`template:${name}:${language}`), name, language };
  }

  /** Every template in every language, as Graph nodes. */
  templateNodes(): Array<Record<string, unknown>> {
    const p = this.sp.platform;
    const out: Array<Record<string, unknown>> = [];
    this.cfg.templates.forEach((t, i) => {
      for (const language of this.languages[i]) {
        const w = this.wireTemplate(p.templateName(i), language);
        out.push(templateNode({ id: w.id, name: w.name, language, status: p.templateStatus(i), category: t.category, quality: p.templateQuality(i) }));
      }
    });
    return out;
  }

  // ── Reading back ───────────────────────────────────────────────────────────────────────

  /** Every field of phone `i`'s Graph node. */
  phoneNode(i: number, apiMajor: number): Record<string, unknown> {
    const p = this.sp.platform;
    return phoneNumberNode({
      id: this.phones[i].id,
      display: this.phones[i].display,
      verifiedName: this.cfg.name,
      verified: this.cfg.business.verification !== "none" || (this.cfg.business.verifiedAt !== null && this.cfg.business.verifiedAt <= this.now),
      quality: p.qualityOf(i),
      limit: p.limitOf(i),
      status: p.statusOf(i),
      mps: p.mpsOf(i),
      apiMajor,
    });
  }

  /** The WABA node. */
  wabaNode(): Record<string, unknown> {
    return {
      id: this.wabaId,
      name: this.cfg.name,
      currency: this.cfg.ruleSet.pricing.currency,
      timezone_id: this.cfg.timezone,
      message_template_namespace: this.ids.numeric("namespace"),
      whatsapp_business_manager_messaging_limit: tierName(this.sp.platform.limitOf(0)),
    };
  }

  /** The outbox, oldest first, filtered. */
  outboxView(q: { to?: string; status?: string; template?: string; limit: number; offset: number }): { total: number; dropped: number; messages: OutboxEntry[] } {
    let list: OutboxEntry[] = this.outbox;
    if (q.to !== undefined) {
      const digits = q.to.replace(/[^\d]/g, "");
      list = list.filter((m) => m.waId === digits);
    }
    if (q.status !== undefined) list = list.filter((m) => m.status === q.status);
    if (q.template !== undefined) list = list.filter((m) => m.template === q.template);
    return { total: list.length, dropped: this.outboxDropped, messages: list.slice(q.offset, q.offset + q.limit) };
  }

  /** An outbox entry by wamid. */
  message(id: string): OutboxEntry | undefined {
    return this.byId.get(id);
  }

  /** The platform's state, as the control plane shows it. */
  state(): Record<string, unknown> {
    const p = this.sp.platform;
    const now = this.now;
    const rec = this.sp.recorder;
    const scopes = p.rooms.limits.scopes.map((s) => ({
      scope: this.portfolio ? "portfolio" : this.phones[s.phones[0]].id,
      phones: s.phones.map((i) => this.phones[i].id),
      limit: s.limit.limit,
      tier: tierName(s.limit.limit),
      counted24h: p.countedOf(s.phones[0], now),
      nextCapacityAt: nullableIso(this, p.nextCapacityAt(s.phones[0], now)),
      quality: p.qualityOf(s.phones[0]),
      status: p.statusOf(s.phones[0]),
    }));
    return {
      now: this.iso(now),
      rules: this.cfg.ruleSet.id,
      scopes,
      phones: this.phones.map((ph, i) => ({ id: ph.id, display: ph.display, limit: p.limitOf(i), tier: tierName(p.limitOf(i)), quality: p.qualityOf(i), status: p.statusOf(i), mps: p.mpsOf(i), throughput: p.mpsOf(i) >= 1000 ? "HIGH" : "STANDARD" })),
      templates: this.cfg.templates.map((t, i) => ({
        name: p.templateName(i),
        category: t.category,
        languages: this.languages[i],
        status: p.templateStatus(i),
        quality: p.templateQuality(i),
        ids: Object.fromEntries(this.languages[i].map((l) => [l, this.wireTemplate(p.templateName(i), l).id])),
      })),
      held: p.heldNow,
      audience: { users: p.userCount },
      messages: { ...rec.messages },
      failuresByCode: Object.fromEntries([...rec.failuresByCode.entries()].sort(([a], [b]) => a - b).map(([k, v]) => [String(k), v])),
      users: { ...rec.users },
      cost: { currency: this.cfg.ruleSet.pricing.currency, total: Math.round(rec.costTotal * 1e6) / 1e6 },
    };
  }

  // ── Control ────────────────────────────────────────────────────────────────────────────

  /** Scope index of phone `phone` (default the first). */
  scopeOf(phone: number): number {
    return this.sp.platform.scopeOf(phone);
  }

  setLimit(phone: number, limit: Limit): void {
    this.sp.platform.forceLimit(this.scopeOf(phone), limit, this.now);
    this.scanEvents();
  }

  setQuality(phone: number, rating: Quality | null): void {
    this.sp.platform.pinQuality(this.scopeOf(phone), rating, this.now);
    this.scanEvents();
  }

  /** Moves template `index` to `status`; false when the platform has no move leading there. */
  setTemplateStatus(index: number, status: TemplateStatus): boolean {
    const ok = this.sp.platform.forceTemplateStatus(index, status, this.now);
    this.scanEvents();
    return ok;
  }

  /** The business edits (resubmits) a paused or rejected template, or submits a replacement for a disabled one. */
  templateAction(index: number, action: "edit" | "replace" | "unpause"): boolean {
    const p = this.sp.platform;
    const before = p.templateStatus(index);
    let ok = true;
    if (action === "unpause") ok = p.unpauseTemplate(index, this.now);
    else if (action === "edit") {
      ok = before === "PAUSED" || before === "REJECTED";
      if (ok) p.editTemplate(index, this.now);
    } else {
      ok = before === "DISABLED";
      if (ok) p.replaceTemplate(index, this.now);
    }
    this.scanEvents();
    return ok;
  }

  // ── Platform events → webhooks ─────────────────────────────────────────────────────────

  /** Turns the platform's new events into the webhooks Meta sends for them. */
  private scanEvents(): void {
    const events = this.sp.events;
    while (this.eventsSeen < events.length) this.eventWebhooks(events[this.eventsSeen++]);
  }

  private eventWebhooks(e: RunEvent): void {
    const at = Date.parse(e.at) - this.cfg.startEpoch;
    if (e.type === "template-submitted") {
      // A send naming the replaced template now gets 132016 (disabled and replaced), not 132001.
      const { replaces, template } = e as Extract<RunEvent, { type: "template-submitted" }>;
      this.retired.set(replaces, this.templateIndex(template));
    }
    for (const w of eventWebhooks(at, e, this.names)) {
      this.sink.enqueue({ due: at, field: w.field, kind: w.kind, ...(w.ref !== undefined ? { ref: w.ref } : {}), body: () => webhookBody(this.wabaId, w.field, w.value, this.epoch(at)) });
    }
  }
}

function nullableIso(w: World, t: number | null): string | null {
  return t === null ? null : w.iso(t);
}
