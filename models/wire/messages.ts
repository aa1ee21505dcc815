// Messages on the wire (reference §6.5, §6.6): the send response, the status objects of the
// `messages` webhook with their pricing in the era's model, and inbound messages.
import type { Price } from "../pricing.js";
import { webhookError, type WebhookError } from "./errors.js";

/** How the platform took a message: sent on, held by pacing, or refused because its template is paused. */
export type MessageStatus = "accepted" | "held_for_quality_assessment" | "paused";

/** Body of a successful `POST /{phone-number-id}/messages`. */
export interface SendResponse {
  messaging_product: "whatsapp";
  contacts: Array<{ input: string; wa_id: string }>;
  messages: Array<{ id: string; message_status?: MessageStatus }>;
}

/**
 * The success body of a send: the recipient as given and as a WhatsApp id, the wamid, and —
 * for templates — how the platform took it.
 *
 * @example
 * ```ts
 * sendResponse("+16505551234", "16505551234", "wamid.HBgL…", "accepted");
 * // { messaging_product: "whatsapp", contacts: [{ input: "+16505551234", wa_id: "16505551234" }],
 * //   messages: [{ id: "wamid.HBgL…", message_status: "accepted" }] }
 * ```
 */
export function sendResponse(input: string, waId: string, id: string, status?: MessageStatus): SendResponse {
  return {
    messaging_product: "whatsapp",
    contacts: [{ input, wa_id: waId }],
    messages: [status === undefined ? { id } : { id, message_status: status }],
  };
}

/** `pricing` of a status: per message (PMP, 1 Jul 2025 →) or per conversation (CBP, before). */
export interface StatusPricing {
  billable: boolean;
  pricing_model: "PMP" | "CBP";
  /** PMP only: `regular`, `free_customer_service` or `free_entry_point`. */
  type?: string;
  category: string;
}

/**
 * The `pricing` object of a status from a price (models/pricing.ts `priceOf`). A free-form
 * message inside a customer-service window is priced as category `service`.
 *
 * @example
 * ```ts
 * statusPricing(priceOf(rs, { category: "MARKETING", market: "ES", epochMs, insideCsw: false, insideFep: false }));
 * // { billable: true, pricing_model: "PMP", type: "regular", category: "marketing" }
 * ```
 */
export function statusPricing(price: Pick<Price, "billable" | "model" | "type" | "category">): StatusPricing {
  const category = price.category.toLowerCase();
  return price.model === "PMP"
    ? { billable: price.billable, pricing_model: "PMP", type: price.type, category }
    : { billable: price.billable, pricing_model: "CBP", category };
}

/** Pricing of a free-form (service) message inside the window, in the era's model. */
export function servicePricing(model: "PMP" | "CBP"): StatusPricing {
  return model === "PMP" ? { billable: false, pricing_model: "PMP", type: "free_customer_service", category: "service" } : { billable: true, pricing_model: "CBP", category: "service" };
}

/** The `conversation` of a CBP-era status (the conversation the message belongs to). */
export interface StatusConversation {
  id: string;
  /** Unix seconds, as a string: only on the `sent` status of the message that opened it. */
  expiration_timestamp?: string;
  origin: { type: string };
}

/** One entry of `statuses[]` in a `messages` webhook. */
export interface StatusObject {
  id: string;
  status: "sent" | "delivered" | "read" | "failed";
  timestamp: string;
  recipient_id: string;
  conversation?: StatusConversation;
  pricing?: StatusPricing;
  errors?: WebhookError[];
  biz_opaque_callback_data?: string;
}

/** What a status says: the message, what happened and when. */
export interface StatusInput {
  /** The wamid. */
  id: string;
  status: StatusObject["status"];
  /** Epoch ms of the status. */
  at: number;
  /** The recipient's WhatsApp id. */
  recipient: string;
  pricing?: StatusPricing;
  conversation?: StatusConversation;
  /** A failed status's error code (and details, if not the code's own). */
  error?: { code: number; details?: string };
  /** Echoed from the send request. */
  bizOpaqueCallbackData?: string;
}

/** Unix seconds of epoch ms, as the string the webhooks carry. */
export function unixSeconds(epochMs: number): string {
  return String(Math.floor(epochMs / 1000));
}

/**
 * A status object: `sent`, `delivered` and `read` carry the pricing (and, before PMP, the
 * conversation); `failed` carries the error.
 *
 * @example
 * ```ts
 * statusObject({ id: "wamid.X", status: "failed", at: Date.UTC(2026, 2, 2), recipient: "15551000000", error: { code: 131049 } });
 * // { id: "wamid.X", status: "failed", timestamp: "1772409600", recipient_id: "15551000000", errors: [{ code: 131049, … }] }
 * ```
 */
export function statusObject(s: StatusInput): StatusObject {
  const o: StatusObject = { id: s.id, status: s.status, timestamp: unixSeconds(s.at), recipient_id: s.recipient };
  if (s.status !== "failed") {
    if (s.conversation) o.conversation = s.conversation;
    if (s.pricing) o.pricing = s.pricing;
  } else if (s.error) {
    o.errors = [webhookError(s.error.code, s.error.details)];
  }
  if (s.bizOpaqueCallbackData !== undefined) o.biz_opaque_callback_data = s.bizOpaqueCallbackData;
  return o;
}

/** An inbound message (`messages[]` of a `messages` webhook). */
export interface InboundMessage {
  from: string;
  id: string;
  timestamp: string;
  type: "text";
  text: { body: string };
  context?: { from: string; id: string };
}

/**
 * A text message from a user; `context` names the business message it answers (a reply).
 *
 * @example
 * ```ts
 * inboundText({ from: "15551000000", id: "wamid.Y", at: epochMs, body: "Thanks!" });
 * ```
 */
export function inboundText(m: { from: string; id: string; at: number; body: string; context?: { from: string; id: string } }): InboundMessage {
  return { from: m.from, id: m.id, timestamp: unixSeconds(m.at), type: "text", text: { body: m.body }, ...(m.context ? { context: m.context } : {}) };
}
