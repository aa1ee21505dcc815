// Errors as the Cloud API writes them (reference §6.5): the synchronous Graph error envelope
// with its HTTP status, and the error objects of `failed` statuses and `errors` webhooks.
// Titles come from models/errors.ts; the details are tiersim's own wording of what Meta's
// error-code page says each code means. Clients should branch on `code` (Meta says so), which
// is exact; titles and details are for people.
import { errorInfo } from "../errors.js";

/** Where Meta's error-code page points (the `href` of asynchronous errors). */
export const ERROR_CODES_HREF = "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/";

/** `error_data.details` per code: what happened, in a sentence. */
const DETAILS: Readonly<Record<number, string>> = {
  0: "The access token could not be verified.",
  4: "The app has made too many API calls in a short period of time.",
  100: "A parameter of the request is missing or invalid.",
  190: "The access token is invalid or has expired.",
  368: "The WhatsApp Business Account is temporarily blocked for policy violations.",
  80007: "The WhatsApp Business Account has reached its rate limit for API calls.",
  130429: "Cloud API message throughput has been reached.",
  131026: "The message could not be delivered to the recipient.",
  131047: "More than 24 hours have passed since the recipient last replied to this number: only a template message can be sent.",
  131048: "Sending is restricted for this phone number because too many earlier messages were blocked or flagged as spam.",
  131049: "The message was not delivered, to keep the ecosystem's engagement healthy (per-user marketing limit).",
  131050: "The recipient has chosen to stop receiving marketing messages from this business.",
  131056: "Too many messages were sent from this phone number to the same recipient in a short period of time.",
  131057: "The business account is in maintenance mode.",
  132000: "The number of parameters does not match the number the template expects.",
  132001: "The template does not exist in this language, or is not approved.",
  132015: "The template is paused because of low quality and cannot be sent.",
  132016: "The template was paused too many times because of low quality and is now permanently disabled.",
};

/** Titles the error table of models/errors.ts lacks (Graph API codes that are not WhatsApp's). */
const TITLES: Readonly<Record<number, string>> = {
  0: "AuthException",
  100: "Invalid parameter",
  190: "Invalid OAuth access token",
  2500: "Unknown path components",
};

/** Title of `code` (the text after `(#code)` in a Graph error message). */
export function errorTitle(code: number): string {
  return TITLES[code] ?? errorInfo(code)?.title ?? "Unknown error";
}

/** Details of `code` (`error_data.details`). */
export function errorDetails(code: number): string {
  return DETAILS[code] ?? errorInfo(code)?.meaning ?? errorTitle(code);
}

/** Codes of the throttling group (Meta's table: HTTP 429; observed: 400). */
const THROTTLING = new Set([4, 80007, 130429, 131048, 131056]);

/**
 * HTTP status of a synchronous error. Meta's error table gives 401 to authentication, 403 to
 * integrity, 5xx to server trouble and 400 to the rest; the throttling group is 429 in the table
 * but 400 in what senders observe, so it is a choice (`throttleStatus`, default 400). Clients
 * must branch on the code, not the status.
 *
 * @example
 * ```ts
 * httpStatusOf(190);          // 401
 * httpStatusOf(130429);       // 400
 * httpStatusOf(130429, 429);  // 429
 * ```
 */
export function httpStatusOf(code: number, throttleStatus: 400 | 429 = 400): number {
  if (code === 0 || code === 190) return 401;
  if (code === 10 || code === 368 || code === 131031 || (code >= 200 && code < 300)) return 403;
  if (code === 1 || code === 131000) return 500;
  if (code === 2 || code === 131016 || code === 133004) return 503;
  if (THROTTLING.has(code)) return throttleStatus;
  return 400;
}

/** The Graph error envelope of a synchronous failure. */
export interface GraphErrorBody {
  error: {
    message: string;
    type: string;
    code: number;
    error_data?: { messaging_product: "whatsapp"; details: string };
    error_subcode?: number;
    fbtrace_id: string;
  };
}

/** What a Graph error says beyond its code. */
export interface GraphErrorOptions {
  /** The trace id Meta returns with every error (a seeded id, for reproducible responses). */
  fbtraceId: string;
  /** Overrides the code's details (a validation error names the parameter at fault). */
  details?: string;
  /** Overrides the message (default `(#code) Title`). */
  message?: string;
  /** `OAuthException` (WhatsApp and token errors), or `GraphMethodException` (unknown objects). */
  type?: string;
  /** `error_subcode`, where Meta gives one (33: the object does not exist). */
  subcode?: number;
  /** Leave `error_data` out (token errors carry none). */
  noData?: boolean;
}

/**
 * A synchronous Graph error: the body `{ error: { message, type, code, error_data, fbtrace_id } }`.
 *
 * @example
 * ```ts
 * graphError(130429, { fbtraceId: "AbC" }).error.message; // "(#130429) Rate limit hit"
 * graphError(100, { fbtraceId: "AbC", details: "The parameter to is required." }).error.error_data?.details;
 * ```
 */
export function graphError(code: number, opts: GraphErrorOptions): GraphErrorBody {
  return {
    error: {
      message: opts.message ?? `(#${code}) ${errorTitle(code)}`,
      type: opts.type ?? "OAuthException",
      code,
      ...(opts.noData ? {} : { error_data: { messaging_product: "whatsapp" as const, details: opts.details ?? errorDetails(code) } }),
      ...(opts.subcode !== undefined ? { error_subcode: opts.subcode } : {}),
      fbtrace_id: opts.fbtraceId,
    },
  };
}

/** An error object of a `failed` status or an `errors` webhook. */
export interface WebhookError {
  code: number;
  title: string;
  message: string;
  error_data: { details: string };
  href: string;
}

/**
 * The error of a `failed` status (`statuses[].errors[]`) or an `errors` webhook.
 *
 * @example
 * ```ts
 * webhookError(131049).title; // "Meta chose not to deliver"
 * ```
 */
export function webhookError(code: number, details?: string): WebhookError {
  const title = errorTitle(code);
  return { code, title, message: title, error_data: { details: details ?? errorDetails(code) }, href: ERROR_CODES_HREF };
}
