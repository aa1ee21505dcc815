// Merging a fragment (a calibration's fitted values, or any partial scenario) into a scenario,
// as plain data before validation: objects merge key by key, the fragment winning; lists of
// named items (segments, templates, campaigns, phone numbers) merge item by item on `name` (or
// `id`), new names appended; other lists are replaced. A fragment segment named `all` that
// the scenario lacks sets its values on every segment of the scenario (its `share` aside):
// a business's webhooks cannot tell its segments apart, so a calibration fits one set of rates.

import { isDist } from "../models/uncertain.js";

function isPlain(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function keyOf(v: unknown): string | undefined {
  if (!isPlain(v)) return undefined;
  if (typeof v.name === "string") return v.name;
  if (typeof v.id === "string") return v.id;
  return undefined;
}

function mergeList(base: unknown[], frag: unknown[], path: string): unknown[] {
  if (!frag.every((x) => keyOf(x) !== undefined) || !base.every((x) => keyOf(x) !== undefined)) return frag;
  const out = [...base];
  for (const item of frag) {
    const k = keyOf(item)!;
    const i = out.findIndex((x) => keyOf(x) === k);
    if (i >= 0) out[i] = mergeFragment(out[i], item);
    else if (path === "audience.segments" && k === "all" && out.length > 0) {
      const { name: _n, share: _s, ...values } = item as Record<string, unknown>;
      for (let j = 0; j < out.length; j++) out[j] = mergeFragment(out[j], values);
    } else out.push(item);
  }
  return out;
}

/**
 * `fragment` merged into `base` (neither is changed).
 *
 * @example
 * ```ts
 * mergeFragment({ audience: { optedIn: 100, segments: [{ name: "a", share: 1, read: 0.5 }] } },
 *               { audience: { segments: [{ name: "all", share: 1, read: 0.7 }] } });
 * // { audience: { optedIn: 100, segments: [{ name: "a", share: 1, read: 0.7 }] } }
 * ```
 */
export function mergeFragment(base: unknown, fragment: unknown, path = ""): unknown {
  // A distribution (`{ beta: … }`, `{ lognormal: … }`…) is one value: the fragment's replaces
  // the scenario's whole, never key by key (a beta beside a uniform would be neither).
  if (isPlain(base) && isPlain(fragment) && !isDist(base) && !isDist(fragment)) {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(fragment)) out[k] = k in base ? mergeFragment(base[k], v, path ? `${path}.${k}` : k) : v;
    return out;
  }
  if (Array.isArray(base) && Array.isArray(fragment)) return mergeList(base, fragment, path);
  return fragment;
}
