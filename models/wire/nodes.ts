// Graph API nodes the Cloud API reads back (reference §2.2, §6.2): a phone number with its
// quality, messaging limit and throughput, and a message template with its status and quality.
// `?fields=a,b` picks among their fields, as the Graph API does.
import type { Limit, NumberStatus, Quality, TemplateCategory, TemplateStatus } from "../rules/types.js";
import { tierName } from "./tiers.js";

/** What the platform knows of a phone number. */
export interface PhoneNumberState {
  id: string;
  display: string;
  verifiedName: string;
  verified: boolean;
  quality: Quality;
  limit: Limit;
  status: NumberStatus;
  /** Messages per second: 1,000 reads as throughput level `HIGH`. */
  mps: number;
  /** Graph API major version of the request: `messaging_limit_tier` is gone from v24. */
  apiMajor: number;
}

/** Fields of a phone-number node when the request names none. */
export const PHONE_DEFAULT_FIELDS = ["verified_name", "code_verification_status", "display_phone_number", "quality_rating", "platform_type", "throughput", "id"] as const;

/**
 * Every field of a phone-number node.
 *
 * @example
 * ```ts
 * phoneNumberNode({ id: "main", display: "16505550100", verifiedName: "Shop", verified: true, quality: "GREEN",
 *   limit: 2000, status: "CONNECTED", mps: 80, apiMajor: 24 }).whatsapp_business_manager_messaging_limit; // "TIER_2K"
 * ```
 */
export function phoneNumberNode(p: PhoneNumberState): Record<string, unknown> {
  return {
    verified_name: p.verifiedName,
    code_verification_status: p.verified ? "VERIFIED" : "NOT_VERIFIED",
    display_phone_number: p.display,
    quality_rating: p.quality,
    platform_type: "CLOUD_API",
    throughput: { level: p.mps >= 1000 ? "HIGH" : "STANDARD" },
    whatsapp_business_manager_messaging_limit: tierName(p.limit),
    // Deprecated: read as null from v24.0 on.
    messaging_limit_tier: p.apiMajor >= 24 ? null : tierName(p.limit),
    status: p.status,
    name_status: "APPROVED",
    account_mode: "LIVE",
    is_official_business_account: false,
    id: p.id,
  };
}

/** What the platform knows of one template in one language. */
export interface TemplateNodeState {
  id: string;
  name: string;
  language: string;
  status: TemplateStatus;
  category: TemplateCategory;
  quality: Quality;
}

/** Every field of a template node (`GET /{waba-id}/message_templates`, `GET /{template-id}`). */
export function templateNode(t: TemplateNodeState): Record<string, unknown> {
  return {
    name: t.name,
    parameter_format: "POSITIONAL",
    components: [],
    language: t.language,
    status: t.status,
    category: t.category,
    quality_score: { score: t.quality },
    id: t.id,
  };
}

/**
 * The fields of `node` a request names (`fields=a,b`), in the order asked, plus `id`; unknown
 * names are returned in `unknown` so the caller can refuse them as the Graph API does.
 *
 * @example
 * ```ts
 * pickFields({ id: "1", a: 1, b: 2 }, ["b"]); // { fields: { b: 2, id: "1" }, unknown: [] }
 * ```
 */
export function pickFields(node: Record<string, unknown>, fields: readonly string[]): { fields: Record<string, unknown>; unknown: string[] } {
  const out: Record<string, unknown> = {};
  const unknown: string[] = [];
  for (const f of fields) {
    if (f in node) out[f] = node[f];
    else unknown.push(f);
  }
  if ("id" in node) out.id = node.id;
  return { fields: out, unknown };
}
