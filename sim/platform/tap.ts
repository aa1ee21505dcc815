// What the platform would have told the business on the wire: the moments of each message
// (sent, delivered or failed, read, replied), a user's own messages, and the opt-outs. Meta
// sends these as webhooks; a run hands them to a tap only when one is installed (`--webhooks`),
// so a run that writes none pays one null check per delivery and allocates nothing.

/** One message's moments (ms since the start). Reused between calls: valid during the call only. */
export interface TapMessage {
  user: number;
  /** Index of the user's segment and market in the configuration. */
  segment: number;
  market: number;
  template: number;
  phone: number;
  /** When the platform sent it. */
  sentAt: number;
  /** When its delivery (or failure) was reported. */
  at: number;
  /** Error code of a failed message; 0 when delivered. */
  code: number;
  /** When it was read, or -1. */
  readAt: number;
  /** When the user replied to it, or -1. */
  replyAt: number;
  /** The user stopped marketing messages on receiving it. */
  optOut: boolean;
  /** Sent inside the user's customer-service window. */
  insideCsw: boolean;
}

/**
 * Hears messages as the platform settles them, in the order it settles them (moments may lie
 * in the future of the engine's clock: a read is drawn when the message is delivered).
 *
 * @example
 * ```ts
 * platform.tapWire({ message: (m) => console.log(m.code, m.readAt), inbound: (user, at) => {} });
 * ```
 */
export interface WireTap {
  /** A message delivered, or failed at delivery (dropped by pacing, per-user cap, undeliverable…). */
  message(m: Readonly<TapMessage>): void;
  /** A user wrote to the business on their own (not a reply) at `at`. */
  inbound(user: number, at: number): void;
}

/** A blank message record, for a room to fill. */
export function blankTapMessage(): TapMessage {
  return { user: 0, segment: 0, market: 0, template: 0, phone: 0, sentAt: 0, at: 0, code: 0, readAt: -1, replyAt: -1, optOut: false, insideCsw: false };
}
