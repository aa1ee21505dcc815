// The two-segment scenario behind the plan and opt-out tests: a calm segment (0.03 % blocks)
// and a risky one (3 %), 20,000 users in Spain, a campaign whose plan the test writes.

/**
 * The scenario's YAML with `plan` (indented campaign keys) and a per-delivery opt-out rate.
 * `enforcement: false` turns the enforcement ladder off, for tests that must not see the risky
 * segment's 3 % blocks restrict the account.
 *
 * @example
 * ```ts
 * segmentsScenario(`    plan: [{ at: 2026-03-02T10:00:00Z, count: 100 }]`, { optOut: 0.05 });
 * ```
 */
export function segmentsScenario(plan: string, opts: { optOut?: number; enforcement?: boolean } = {}): string {
  const optOut = opts.optOut ?? 0;
  const enforcement = opts.enforcement === false ? ", enforcement.enabled: false" : "";
  return `
name: segments
rules: meta-2025-10
overrides: { templates.pacing.from: null, portfolioPacing.from: null${enforcement} }
start: 2026-03-02T00:00:00Z
days: 3
seed: 11
business: { verification: verified, limit: null }
templates: [{ name: promo, category: MARKETING }]
audience:
  optedIn: 20000
  markets: { ES: 1 }
  undeliverable: 0
  segments:
    - { name: calm, share: 0.7, read: 0.6, reply: 0, block: 0.0003, report: 0, optOut: ${optOut}, inboundPerDay: 0 }
    - { name: risky, share: 0.3, read: 0.6, reply: 0, block: 0.03, report: 0, optOut: ${optOut}, inboundPerDay: 0 }
campaigns:
  - name: worked
    template: promo
${plan}
`;
}
