// The platform's error codes that matter for outbound messaging (reference §6.5), with what
// a sender should do about each. Titles paraphrase Meta's error-code page [S26]; the retry
// classes are tiersim's reading (Meta publishes no such column), used by retry policies.

/**
 * What a sender should do after the error:
 * - `seconds`: back off briefly and retry (throughput, API call limits);
 * - `per-recipient`: this recipient is rate-limited, others are fine (pair rate);
 * - `next-day`: do not retry this recipient for ≥ 24 h (per-user marketing cap, messaging limit);
 * - `account-health`: stop; the number or account is restricted (spam, policy);
 * - `permanent`: never retry this (recipient, template) as is;
 * - `fix-request`: the request itself is wrong (parameters, template, window);
 * - `transient`: server-side trouble; retry with backoff.
 */
export type RetryClass = "seconds" | "per-recipient" | "next-day" | "account-health" | "permanent" | "fix-request" | "transient";

/** One error code. */
export interface ErrorInfo {
  code: number;
  title: string;
  meaning: string;
  retryClass: RetryClass;
}

const TABLE: readonly ErrorInfo[] = [
  { code: 1, title: "API Unknown", meaning: "Unknown error on Meta's side", retryClass: "transient" },
  { code: 2, title: "API Service", meaning: "Service temporarily unavailable", retryClass: "transient" },
  { code: 4, title: "API Too Many Calls", meaning: "App-level Graph API call limit reached", retryClass: "seconds" },
  { code: 368, title: "Temporarily blocked for policies violations", meaning: "The WhatsApp Business Account is restricted for policy violations", retryClass: "account-health" },
  { code: 80007, title: "Rate limit issues", meaning: "WABA-level API call limit reached", retryClass: "seconds" },
  { code: 130429, title: "Rate limit hit", meaning: "Cloud API message throughput of the number reached", retryClass: "seconds" },
  { code: 130472, title: "User's number is part of an experiment", meaning: "Recipient is in a marketing-message experiment holdout", retryClass: "permanent" },
  { code: 130497, title: "Business account can't message this country", meaning: "Sending to the recipient's country is not allowed for this business", retryClass: "permanent" },
  { code: 131000, title: "Something went wrong", meaning: "Unknown error while sending", retryClass: "transient" },
  { code: 131016, title: "Service unavailable", meaning: "A service is temporarily unavailable", retryClass: "transient" },
  { code: 131026, title: "Message undeliverable", meaning: "Recipient not on WhatsApp, on an old app, has not accepted the terms, or (per practitioners) blocked the business", retryClass: "permanent" },
  { code: 131031, title: "Account locked", meaning: "The account is locked (policy or PIN mismatch)", retryClass: "account-health" },
  { code: 131037, title: "Display name approval needed", meaning: "The number's display name is not approved", retryClass: "fix-request" },
  { code: 131042, title: "Business eligibility payment issue", meaning: "Billing problem on the account", retryClass: "fix-request" },
  { code: 131047, title: "Re-engagement message", meaning: "More than 24 h since the user's last message: only a template can be sent", retryClass: "fix-request" },
  { code: 131048, title: "Spam rate limit hit", meaning: "Number restricted because earlier messages were blocked or flagged as spam", retryClass: "account-health" },
  { code: 131049, title: "Meta chose not to deliver", meaning: "Per-user marketing template cap (healthy ecosystem); wait at least 24 h before resending to this user", retryClass: "next-day" },
  { code: 131050, title: "User has stopped marketing messages", meaning: "Recipient opted out of marketing messages from this business", retryClass: "permanent" },
  { code: 131056, title: "(Business Account, Consumer Account) pair rate limit hit", meaning: "Too many messages from this number to the same user in a short time; other users unaffected", retryClass: "per-recipient" },
  { code: 131057, title: "Account in maintenance mode", meaning: "Number under maintenance, e.g. during the throughput upgrade", retryClass: "transient" },
  { code: 131063, title: "Marketing templates disabled for Cloud API", meaning: "Marketing templates must be sent through the Marketing Messages API", retryClass: "fix-request" },
  { code: 131064, title: "Message limit reached due to template classification violations", meaning: "Enforcement after template category abuse; lifted after the enforcement period", retryClass: "account-health" },
  { code: 132000, title: "Template param count mismatch", meaning: "Number of parameters does not match the template", retryClass: "fix-request" },
  { code: 132001, title: "Template does not exist", meaning: "No approved template with this name and language", retryClass: "fix-request" },
  { code: 132005, title: "Template hydrated text too long", meaning: "Text with parameters exceeds the length limit", retryClass: "fix-request" },
  { code: 132007, title: "Template format character policy violated", meaning: "Content violates a formatting policy", retryClass: "fix-request" },
  { code: 132012, title: "Template parameter format mismatch", meaning: "A parameter has the wrong format", retryClass: "fix-request" },
  { code: 132015, title: "Template is paused", meaning: "Template paused for low quality (3 h, then 6 h) or dropped by pacing; not charged, does not count toward the limit", retryClass: "seconds" },
  { code: 132016, title: "Template is disabled", meaning: "Template disabled after repeated pauses; create a new template", retryClass: "permanent" },
  { code: 133004, title: "Server temporarily unavailable", meaning: "Server-side outage", retryClass: "transient" },
  // Meta publishes no code for this (reference §2.6); the rule sets' `limit.overLimitCode`.
  { code: 63018, title: "Messaging limit reached (Twilio 63018)", meaning: "No more new distinct users in the moving 24 h window; users already counted can still be messaged. Meta publishes no code: tiersim uses Twilio's", retryClass: "next-day" },
];

/** Every known error code, ascending. */
export const ERROR_CODES: readonly number[] = Object.freeze(TABLE.map((e) => e.code).sort((a, b) => a - b));

const BY_CODE: ReadonlyMap<number, ErrorInfo> = new Map(TABLE.map((e) => [e.code, Object.freeze({ ...e })]));

/**
 * What an error code means and how to retry it; `undefined` for a code tiersim does not know.
 *
 * @example
 * ```ts
 * errorInfo(131049)?.retryClass; // "next-day"
 * errorInfo(130429)?.title;      // "Rate limit hit"
 * ```
 */
export function errorInfo(code: number): ErrorInfo | undefined {
  return BY_CODE.get(code);
}
