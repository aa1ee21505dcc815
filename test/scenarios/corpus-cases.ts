// Expectations for the broken-scenario corpus (test/scenarios/corpus/*.yaml), shared by the
// loader test and the JSON Schema test.

import type { IssueCode } from "../../scenarios/issues.js";

export interface Expected {
  code: IssueCode;
  line: number;
  column: number;
  path: string;
  /** A fragment of the message or the fix. */
  says: string;
}

/** Every corpus file and the issues it must produce, exactly (no more, no fewer). */
export const CORPUS: Record<string, Expected[]> = {
  "unknown-top-key": [{ code: "unknown-key", line: 5, column: 1, path: "timezon", says: 'did you mean "timezone"?' }],
  "unknown-nested-key": [{ code: "unknown-key", line: 10, column: 30, path: "audience.segments[0].raed", says: 'did you mean "read"?' }],
  "missing-required": [{ code: "missing-key", line: 2, column: 1, path: "start", says: 'missing required key "start"' }],
  "quoted-number": [{ code: "invalid-type", line: 8, column: 12, path: "audience.optedIn", says: "remove the quotes: 1000" }],
  "probability-out-of-range": [{ code: "out-of-range", line: 12, column: 13, path: "audience.segments[0].read", says: "must be at most 1" }],
  "bad-duration": [{ code: "invalid-format", line: 8, column: 23, path: "templates[0].review.median", says: "expected a duration such as 90s" }],
  "date-without-offset": [{ code: "invalid-format", line: 3, column: 8, path: "start", says: "date-time with offset" }],
  "bad-enum": [{ code: "invalid-value", line: 6, column: 30, path: "templates[0].category", says: 'did you mean "MARKETING"?' }],
  "bad-window-format": [{ code: "invalid-format", line: 12, column: 13, path: "campaigns[0].window", says: "like 09:00-21:00" }],
  "bad-cadence": [{ code: "invalid-value", line: 12, column: 14, path: "campaigns[0].cadence", says: "{ every: 3d }" }],
  "empty-templates": [
    { code: "out-of-range", line: 5, column: 12, path: "templates", says: "needs at least 1 item" },
    { code: "unknown-template", line: 9, column: 27, path: "campaigns[0].template", says: 'no template named "promo"' },
  ],
  "segment-shares": [{ code: "shares-sum", line: 10, column: 5, path: "audience.segments", says: "sum to 0.9, not 1" }],
  "market-shares": [{ code: "shares-sum", line: 9, column: 12, path: "audience.markets", says: "sum to 1.2, not 1" }],
  "unknown-template": [{ code: "unknown-template", line: 11, column: 15, path: "campaigns[0].template", says: 'did you mean "spring_promo"?' }],
  "unknown-segment": [{ code: "unknown-segment", line: 15, column: 37, path: "campaigns[0].audience.segments[1]", says: 'did you mean "cold"?' }],
  "unknown-phone": [{ code: "unknown-phone", line: 8, column: 48, path: "templates[0].phone", says: 'did you mean "support"?' }],
  "duplicate-template": [{ code: "duplicate-name", line: 7, column: 13, path: "templates[1].name", says: "already defined at templates[0]" }],
  "outside-horizon": [{ code: "outside-horizon", line: 12, column: 12, path: "campaigns[0].start", says: "outside the simulated horizon" }],
  "plan-order": [{ code: "plan-order", line: 14, column: 15, path: "campaigns[0].plan[1].at", says: "time order" }],
  "plan-exceeds-segments": [{ code: "plan-exceeds-segments", line: 18, column: 44, path: "campaigns[0].plan[1].count", says: 'plans need 400 fresh users of segment "risky"' }],
  "plan-with-cadence": [{ code: "plan-conflict", line: 12, column: 5, path: "campaigns[0].cadence", says: "no effect on a campaign with a plan" }],
  "bad-timezone": [{ code: "unknown-timezone", line: 5, column: 11, path: "timezone", says: 'did you mean "Europe/Madrid"?' }],
  "unknown-override": [{ code: "unknown-override", line: 5, column: 3, path: 'overrides["autoScale.dealy"]', says: 'did you mean "autoScale.delay"?' }],
  "invalid-override": [{ code: "invalid-override", line: 4, column: 3, path: 'overrides["autoScale.delay"]', says: "soon" }],
  "limit-not-on-ladder": [{ code: "limit-not-on-ladder", line: 8, column: 10, path: "business.limit", says: "use one of 250, 1000, 10000, 100000, null (unlimited)" }],
  "too-large": [{ code: "too-large", line: 9, column: 17, path: "audience.growthPerDay", says: "100 bytes of state per user" }],
  "window-wraps-midnight": [{ code: "window-order", line: 10, column: 42, path: "campaigns[0].window", says: "cannot wrap midnight" }],
  "impossible-date": [{ code: "invalid-date", line: 3, column: 8, path: "start", says: "not a real date" }],
  "legacy-category": [{ code: "category-not-in-era", line: 7, column: 30, path: "templates[0].category", says: "does not exist under rule set meta-2025-10" }],
  "throttle-missing-rate": [{ code: "missing-throttle-param", line: 12, column: 15, path: "campaigns[0].throttle", says: "fixed-rate needs rate" }],
  "yaml-syntax": [{ code: "yaml-syntax", line: 6, column: 1, path: "", says: "Flow sequence" }],
  "yaml-tag": [{ code: "yaml-tag", line: 2, column: 7, path: "", says: "!!js/function is not allowed" }],
  "duplicate-key": [{ code: "yaml-syntax", line: 5, column: 1, path: "", says: "Map keys must be unique" }],
  "many-mistakes": [
    { code: "out-of-range", line: 9, column: 18, path: "audience.undeliverable", says: "must be at most 1" },
    { code: "invalid-format", line: 13, column: 33, path: 'campaigns[0].retry["131049"].after', says: "expected a duration" },
    { code: "missing-key", line: 14, column: 5, path: "campaigns[1].template", says: 'missing required key "template"' },
    { code: "unknown-key", line: 15, column: 5, path: "campaigns[1].tempalte", says: 'did you mean "template"?' },
  ],
};

/** Issue codes that come from the shape of the document, which the JSON Schema also sees. */
export const STRUCTURAL_CODES = new Set<IssueCode>(["unknown-key", "missing-key", "invalid-type", "invalid-value", "invalid-format", "out-of-range", "invalid-key"]);
