import { describe, expect, it } from "vitest";
import { EventKinds, Simulation } from "../../../sim/engine/index.js";

describe("EventKinds", () => {
  it("hands out distinct kinds by name and dispatches each to its own handler", () => {
    const sim = new Simulation();
    const kinds = new EventKinds(sim);
    const seen: string[] = [];
    const a = kinds.claim("a", (arg, now) => seen.push(`a${arg}@${now}`));
    const b = kinds.claim("b", (arg, now) => seen.push(`b${arg}@${now}`));
    expect(a).not.toBe(b);
    expect(kinds.nameOf(a)).toBe("a");
    expect(kinds.nameOf(b)).toBe("b");
    sim.schedule(5, b, 2);
    sim.schedule(5, a, 1);
    sim.runUntil(10);
    expect(seen).toEqual(["b2@5", "a1@5"]);
  });

  it("refuses a name claimed twice", () => {
    const kinds = new EventKinds(new Simulation());
    kinds.claim("x", () => {});
    expect(() => kinds.claim("x", () => {})).toThrow(/claimed twice/);
  });
});
