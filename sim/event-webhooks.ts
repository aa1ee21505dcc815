// Which account-level webhooks Meta sends for a run event: limit changes, flags, throughput
// upgrades, template status and quality changes. One mapping for the two places that turn a
// platform's events into webhooks — a run's webhook log (`tiersim run --webhooks`) and the
// Cloud API emulator — so that a receiver tested against one reads the same from the other.
// Message statuses are not here: they come from the wire tap, not from events.
import type { Limit } from "../models/rules/types.js";
import { capabilityValue, phoneQualityValue, templateQualityValue, templateStatusValue, type WebhookField, type WirePhone, type WireTemplate } from "../models/wire/index.js";
import { above } from "./platform/limit.js";
import type { RunEventBody } from "./result.js";

/** How the host names the business's numbers and templates, and what it knows when the event is mapped. */
export interface EventWebhookNames {
  /** Portfolio rules (2025-10 on): the limit and the flag are the portfolio's, so every number hears of them. */
  readonly portfolio: boolean;
  /** The numbers as webhooks name them, in the scenario's order. */
  readonly phones: readonly WirePhone[];
  /** Index of the number the scenario calls `id` (an event's `phone` or `number`), or −1. */
  phoneIndex(id: string): number;
  /** The messaging limit number `phone` has when the event is mapped. */
  limitOf(phone: number): Limit;
  /** The template named `name` as its webhooks name it, once per language it exists in. */
  templates(name: string): readonly WireTemplate[];
  /** The ISO time of run time `t` (for the descriptions Meta writes into a pause's `other_info`). */
  iso(t: number): string;
}

/** One webhook an event calls for. */
export interface EventWebhook {
  field: WebhookField;
  /** What it says, for a log or a filter: `phone-quality:UPGRADE`, `template-status:PAUSED`, `capability`… */
  kind: string;
  /** The number or template it concerns (`phone_number_id`, template id), when it concerns one. */
  ref?: string;
  /** The change's `value`, ready for `webhookBody`. */
  value: unknown;
}

/**
 * The webhooks Meta sends for run event `e` at run time `t`, in the order it sends them; none for
 * events it reports by no webhook (the number's rating itself, pacing, paralysis, pricing tiers…).
 *
 * - `limit-changed`: `phone_number_quality_update` (`UPGRADE` / `DOWNGRADE`, with the old limit)
 *   for the number — for every number under portfolio rules — then `business_capability_update`.
 * - `status-changed` to or from `FLAGGED` (per-number rules), and under portfolio rules
 *   `quality-changed` to or from RED: `phone_number_quality_update` `FLAGGED` / `UNFLAGGED`.
 * - `throughput-changed` upward: `phone_number_quality_update` `THROUGHPUT_UPGRADE`.
 * - `template-status-changed`: `message_template_status_update` per language, reason `NONE` (the
 *   model decides whether a review rejects, not why), a pause's or a disabling's `other_info`.
 * - `template-quality-changed`: `message_template_quality_update` per language.
 *
 * @example
 * ```ts
 * for (const w of eventWebhooks(t, { type: "limit-changed", from: 2000, to: 10000, reason: "auto-scale" }, names))
 *   sink(webhookBody(waba, w.field, w.value, epoch + t));
 * ```
 */
export function eventWebhooks(t: number, e: RunEventBody, names: EventWebhookNames): EventWebhook[] {
  const out: EventWebhook[] = [];
  const phoneUpdate = (i: number, event: string, limit: Limit, oldLimit?: Limit): void => {
    const phone = names.phones[i];
    out.push({ field: "phone_number_quality_update", kind: `phone-quality:${event}`, ref: phone.id, value: phoneQualityValue(phone, event, limit, { ...(oldLimit !== undefined ? { oldLimit } : {}), portfolio: names.portfolio }) });
  };
  // The event's number, or the first one (an event of the portfolio names none).
  const numberOf = (id: unknown): number => (typeof id === "string" ? Math.max(0, names.phoneIndex(id)) : 0);
  const allPhones = (): number[] => names.phones.map((_, i) => i);
  switch (e.type) {
    case "limit-changed": {
      const event = above(e.to, e.from) ? "UPGRADE" : "DOWNGRADE";
      for (const i of names.portfolio ? allPhones() : [numberOf(e.phone)]) phoneUpdate(i, event, e.to, e.from);
      out.push({ field: "business_capability_update", kind: "capability", value: capabilityValue(e.to, names.portfolio) });
      break;
    }
    case "status-changed": {
      const event = e.to === "FLAGGED" ? "FLAGGED" : e.from === "FLAGGED" ? "UNFLAGGED" : null;
      if (event === null) break;
      const i = numberOf(e.number);
      phoneUpdate(i, event, names.limitOf(i));
      break;
    }
    case "quality-changed": {
      // Under per-number rules the Flagged status says it (status-changed); under portfolio
      // rules a RED rating is what flags the numbers.
      if (!names.portfolio) break;
      const event = e.to === "RED" ? "FLAGGED" : e.from === "RED" ? "UNFLAGGED" : null;
      if (event === null) break;
      for (const i of allPhones()) phoneUpdate(i, event, names.limitOf(i));
      break;
    }
    case "throughput-changed": {
      if (!(e.to > e.from)) break;
      const i = numberOf(e.phone);
      phoneUpdate(i, "THROUGHPUT_UPGRADE", names.limitOf(i));
      break;
    }
    case "template-status-changed": {
      const extra = templateExtra(e.to, e.reason, names.iso(t));
      for (const w of names.templates(e.template)) out.push({ field: "message_template_status_update", kind: `template-status:${e.to}`, ref: w.id, value: templateStatusValue(w, e.to, "NONE", extra) });
      break;
    }
    case "template-quality-changed":
      for (const w of names.templates(e.template)) out.push({ field: "message_template_quality_update", kind: `template-quality:${e.to}`, ref: w.id, value: templateQualityValue(w, e.from, e.to) });
      break;
    default:
      break;
  }
  return out;
}

/** `other_info` of a pause or a disabling, as Meta writes it. */
function templateExtra(to: string, reason: string, at: string): { otherInfo?: { title: string; description: string } } {
  if (to === "PAUSED") {
    const title = reason === "FIRST_PAUSE" ? "FIRST_PAUSE" : reason === "SECOND_PAUSE" ? "SECOND_PAUSE" : "PAUSED";
    return { otherInfo: { title, description: `The template was paused at ${at} because of low quality (negative feedback from the people it was sent to).` } };
  }
  if (to === "DISABLED") return { otherInfo: { title: "DISABLED", description: `The template was disabled at ${at} after repeated pauses for low quality.` } };
  return {};
}
