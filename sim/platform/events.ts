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
}

/** A listener that ignores everything (a platform driven with nobody sending). */
export const NO_LISTENER: PlatformListener = { signal: () => {}, wake: () => {}, resolved: () => {} };
