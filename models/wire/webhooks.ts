// Webhook envelopes (reference §6.6): every WABA webhook is
// `{ object: "whatsapp_business_account", entry: [{ id: WABA, changes: [{ value, field }] }] }`,
// and `field` says what `value` holds. Key order follows Meta's payloads (`value` before
// `field`), so the encoded bytes — and their signature — match what a receiver sees from Meta.
import type { Limit, Quality } from "../rules/types.js";
import type { WebhookError } from "./errors.js";
import type { InboundMessage, StatusObject } from "./messages.js";
import { unixSeconds } from "./messages.js";
import { capabilityLimit, tierName } from "./tiers.js";

/** The webhook fields tiersim sends. */
export type WebhookField =
  | "messages"
  | "message_template_status_update"
  | "message_template_quality_update"
  | "phone_number_quality_update"
  | "business_capability_update"
  | "user_preferences";

/** A whole webhook body. */
export interface WebhookBody {
  object: "whatsapp_business_account";
  entry: Array<{ id: string; time?: number; changes: Array<{ value: unknown; field: WebhookField }> }>;
}

/** The sending number as webhooks name it. */
export interface WirePhone {
  /** `phone_number_id`: the id in the API's paths. */
  id: string;
  /** `display_phone_number`: digits. */
  display: string;
}

/**
 * The envelope around one change. Account-level fields carry the entry's `time` (unix seconds);
 * `messages` webhooks do not.
 *
 * @example
 * ```ts
 * webhookBody("102290129340398", "messages", value);
 * // { object: "whatsapp_business_account", entry: [{ id: "102290129340398", changes: [{ value, field: "messages" }] }] }
 * ```
 */
export function webhookBody(wabaId: string, field: WebhookField, value: unknown, epochMs?: number): WebhookBody {
  const entry = epochMs === undefined || field === "messages" ? { id: wabaId, changes: [{ value, field }] } : { id: wabaId, time: Math.floor(epochMs / 1000), changes: [{ value, field }] };
  return { object: "whatsapp_business_account", entry: [entry] };
}

function metadata(phone: WirePhone): { display_phone_number: string; phone_number_id: string } {
  return { display_phone_number: phone.display, phone_number_id: phone.id };
}

/**
 * `value` of a `messages` webhook carrying statuses.
 *
 * @example
 * ```ts
 * webhookBody(waba, "messages", statusesValue(phone, [statusObject({ … })]));
 * ```
 */
export function statusesValue(phone: WirePhone, statuses: StatusObject[]): unknown {
  return { messaging_product: "whatsapp", metadata: metadata(phone), statuses };
}

/** A contact as inbound webhooks name it. */
export interface WireContact {
  waId: string;
  name: string;
}

function contacts(c: WireContact): Array<{ profile: { name: string }; wa_id: string }> {
  return [{ profile: { name: c.name }, wa_id: c.waId }];
}

/** `value` of a `messages` webhook carrying a user's message. */
export function inboundValue(phone: WirePhone, contact: WireContact, message: InboundMessage): unknown {
  return { messaging_product: "whatsapp", metadata: metadata(phone), contacts: contacts(contact), messages: [message] };
}

/** `value` of a `messages` webhook reporting system-level errors (`errors[]`). */
export function errorsValue(phone: WirePhone, errors: WebhookError[]): unknown {
  return { messaging_product: "whatsapp", metadata: metadata(phone), errors };
}

/** `value` of a `user_preferences` webhook: the user stopped (or resumed) marketing messages. */
export function userPreferencesValue(phone: WirePhone, contact: WireContact, value: "stop" | "resume", epochMs: number): unknown {
  return {
    messaging_product: "whatsapp",
    metadata: metadata(phone),
    contacts: contacts(contact),
    user_preferences: [
      {
        wa_id: contact.waId,
        detail: value === "stop" ? "User requested to stop marketing messages" : "User requested to resume marketing messages",
        category: "marketing_messages",
        value,
        timestamp: Number(unixSeconds(epochMs)),
      },
    ],
  };
}

/** A template as its webhooks name it: one id per (name, language). */
export interface WireTemplate {
  id: string;
  name: string;
  language: string;
}

/** `value` of `message_template_status_update`. */
export function templateStatusValue(
  t: WireTemplate,
  event: string,
  reason: string,
  extra: { otherInfo?: { title: string; description: string }; disableDate?: string } = {},
): unknown {
  return {
    event,
    message_template_id: Number(t.id),
    message_template_name: t.name,
    message_template_language: t.language,
    reason,
    ...(extra.otherInfo ? { other_info: extra.otherInfo } : {}),
    ...(extra.disableDate ? { disable_info: { disable_date: extra.disableDate } } : {}),
  };
}

/** `value` of `message_template_quality_update`. */
export function templateQualityValue(t: WireTemplate, from: Quality, to: Quality): unknown {
  return {
    previous_quality_score: from,
    new_quality_score: to,
    message_template_id: Number(t.id),
    message_template_name: t.name,
    message_template_language: t.language,
  };
}

/**
 * `value` of `phone_number_quality_update`: `UPGRADE` / `DOWNGRADE` of the limit,
 * `FLAGGED` / `UNFLAGGED`, `THROUGHPUT_UPGRADE`. Under per-number rules it carries
 * `current_limit` (and `old_limit`); under portfolio rules also
 * `max_daily_conversations_per_business`.
 */
export function phoneQualityValue(phone: WirePhone, event: string, limit: Limit, opts: { oldLimit?: Limit; portfolio: boolean }): unknown {
  return {
    display_phone_number: phone.display,
    event,
    current_limit: tierName(limit),
    ...(opts.oldLimit !== undefined ? { old_limit: tierName(opts.oldLimit) } : {}),
    ...(opts.portfolio ? { max_daily_conversations_per_business: tierName(limit) } : {}),
  };
}

/**
 * `value` of `business_capability_update`: the portfolio's limit as an integer (-1 unlimited)
 * under portfolio rules, the number's (`max_daily_conversation_per_phone`) under per-number ones.
 */
export function capabilityValue(limit: Limit, portfolio: boolean): unknown {
  return portfolio ? { max_daily_conversations_per_business: capabilityLimit(limit) } : { max_daily_conversation_per_phone: capabilityLimit(limit) };
}
