// What the platform tells the business side. The real platform tells a business about its
// limit, quality, template status and throughput through webhooks; the simulated one calls a
// listener — the sender in a run, an HTTP emulator elsewhere. The platform never imports the
// sender: it only knows this interface.
import type { Limit, Quality, TemplateStatus } from "../../models/rules/types.js";
import type { AttemptInfo } from "../outcomes.js";

/** A platform change a sender may react to (a webhook, in the real world). */
export type PlatformSignal =
  | { type: "limit-changed"; from: Limit; to: Limit }
  | { type: "quality-changed"; from: Quality; to: Quality }
  | { type: "template-status-changed"; template: string; from: TemplateStatus; to: TemplateStatus }
  | { type: "throughput-changed"; from: number; to: number };

/** What a signal or a wake-up concerns: a limit scope, a template, a phone number (by index), or the whole portfolio. */
export type PlatformTarget = "scope" | "template" | "phone" | "portfolio";

/**
 * Receives the platform's notices. `signal` reports a change as it happens; `wake` says that
 * sending through `target` may be possible again from `now` (a limit rose, quality changed, a
 * template was approved or unpaused, throughput went up). Both are called in event order and
 * may schedule events of their own.
 */
export interface PlatformListener {
  signal(signal: PlatformSignal, target: PlatformTarget, index: number, now: number): void;
  wake(target: PlatformTarget, index: number, now: number): void;
  /**
   * A message held for quality assessment (sent with the sender's `tag`, held with `ticket`)
   * was released — delivered, or failed at delivery (131049…) — or dropped (failed, 132015) at
   * `now`: the status webhook of a held message. `info` is valid during the call only.
   */
  resolved(tag: number, user: number, info: Readonly<AttemptInfo>, ticket: number, now: number): void;
  /**
   * Optional: `user` wrote to the business at `now` — a reply to a delivered message, or an
   * unsolicited inbound message — and their customer-service window opened (the inbound
   * `messages` webhook). A run's sender does not listen; the HTTP emulator does.
   */
  userMessage?(user: number, kind: UserMessageKind, now: number): void;
  /**
   * Optional: a marketing delivery made `user` stop marketing messages from the business; the
   * business hears of it at `at` (the `user_preferences` webhook), and later marketing sends to
   * them fail with 131050.
   */
  optedOut?(user: number, at: number): void;
}

/** Why a user wrote: a reply to a delivered message, or a message of their own. */
export type UserMessageKind = "reply" | "inbound";

/** A listener that ignores everything (a platform driven with nobody sending). */
export const NO_LISTENER: PlatformListener = { signal: () => {}, wake: () => {}, resolved: () => {} };
