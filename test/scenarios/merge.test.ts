// mergeFragment: objects key by key, named lists by name, `all` onto every segment.
import { describe, expect, it } from "vitest";
import { mergeFragment } from "../../scenarios/merge.js";

describe("mergeFragment", () => {
  const base = {
    name: "b",
    audience: { optedIn: 10, segments: [{ name: "a", share: 0.4, read: 0.5 }, { name: "c", share: 0.6, read: 0.3, reply: 0.1 }], latency: { read: "20m", spread: 1 } },
    campaigns: [{ name: "x", window: "09:00-21:00" }],
  };

  it("sets an `all` segment's values on every segment, shares kept", () => {
    const m = mergeFragment(base, { audience: { segments: [{ name: "all", share: 1, read: 0.7 }], latency: { read: "10m" } } }) as typeof base;
    expect(m.audience.segments).toEqual([{ name: "a", share: 0.4, read: 0.7 }, { name: "c", share: 0.6, read: 0.7, reply: 0.1 }]);
    expect(m.audience.latency).toEqual({ read: "10m", spread: 1 });
    expect(m.audience.optedIn).toBe(10);
    expect(base.audience.segments[0].read).toBe(0.5);
  });

  it("merges named items by name and appends new ones; replaces other lists", () => {
    const m = mergeFragment(base, { campaigns: [{ name: "x", window: "10:00-20:00" }, { name: "y" }], tags: ["t"] }) as Record<string, unknown>;
    expect(m.campaigns).toEqual([{ name: "x", window: "10:00-20:00" }, { name: "y" }]);
    expect(mergeFragment({ l: [1, 2] }, { l: [3] })).toEqual({ l: [3] });
    // A distribution replaces a distribution whole: a beta beside a uniform would be neither.
    expect(mergeFragment({ read: { uniform: [0.2, 0.4] } }, { read: { beta: [3, 7] } })).toEqual({ read: { beta: [3, 7] } });
    expect(mergeFragment({ l: { read: { lognormal: { median: "2m", p95: "9m" } } } }, { l: { read: { uniform: ["1m", "3m"] } } })).toEqual({ l: { read: { uniform: ["1m", "3m"] } } });
  });
});
