// A throttle module is someone else's code: whatever it does — throw, loop forever, return
// garbage — check-throttle ends within seconds with exit 3 and one line naming the module, the
// method, the value or error and the virtual time; never a stack trace, never a hang.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkThrottle } from "../../studies/throttles/index.js";
import { ThrottleFault, describeValue, returnProblem } from "../../studies/throttles/guard.js";
import { configFromFile } from "../sim/helpers.js";
import { tiersim, type Ran } from "./tiersim.js";

const dir = mkdtempSync(join(tmpdir(), "tiersim-watchdog-"));
const SCENARIO = "examples/throttles/launch.yaml";

/** A throttle module whose methods are the given source snippets (the rest behave). */
function module(name: string, parts: { top?: string; factory?: string; permits?: string; wakeAt?: string; holdCause?: string }): string {
  const file = join(dir, `${name}.mjs`);
  writeFileSync(
    file,
    `${parts.top ?? ""}
export function createThrottle() {
  ${parts.factory ?? ""}
  return {
    name: ${JSON.stringify(name)},
    permits: ${parts.permits ?? "(v) => 1"},
    wakeAt: ${parts.wakeAt ?? "(v) => v.now + 1000"},
    spend: () => {},
    holdCause: ${parts.holdCause ?? "() => null"},
  };
}
`,
  );
  return file;
}

function check(file: string, ...extra: string[]): Ran {
  return tiersim(["check-throttle", SCENARIO, "--throttle", file, "--days", "2", ...extra], { timeout: 60_000 });
}

const cases: Array<[string, Parameters<typeof module>[1], RegExp]> = [
  ["throws", { permits: "() => { throw new Error('boom'); }" }, /permits\(\) threw: boom at 20\d\d-.*\(virtual time\)/],
  ["valueof-throws", { permits: "() => ({ valueOf() { throw new Error('nope'); } })" }, /permits\(\) returned an object \(expected a number ≥ 0\)/],
  ["nan-permits", { permits: "() => NaN" }, /permits\(\) returned NaN/],
  ["lots", { permits: "() => 'lots'" }, /permits\(\) returned "lots"/],
  ["negative-and-past", { permits: "() => -5", wakeAt: "(v) => v.now - 1000" }, /permits\(\) returned -5/],
  ["wake-now", { permits: "() => 0", wakeAt: "(v) => v.now" }, /wakeAt\(\) returned \d+, not after now/],
  ["wake-nan", { permits: "() => 0", wakeAt: "() => NaN" }, /wakeAt\(\) returned NaN/],
  ["wake-soon", { permits: "() => 0", wakeAt: "() => 'soon'" }, /wakeAt\(\) returned "soon"/],
  ["wake-huge", { permits: "() => 0", wakeAt: "() => 1e308" }, /wakeAt\(\) returned 1e\+308, beyond any time/],
  ["cause-42", { permits: "() => 0", holdCause: "() => 42" }, /holdCause\(\) returned 42 \(expected null or a paralysis cause/],
];

describe("check-throttle with a hostile throttle module", () => {
  for (const [name, parts, message] of cases) {
    it(`${name}: exit 3, one line, no stack`, () => {
      const r = check(module(name, parts));
      expect(r.code, r.stderr).toBe(3);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toContain(`${name}.mjs`);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
    });
  }

  it("an endless loop in a method is stopped after --timeout", () => {
    const r = check(module("loop-permits", { permits: "() => { for (;;) {} }" }), "--timeout", "300ms");
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/permits\(\) did not return within 300 ms/);
    expect(r.ms).toBeLessThan(20_000);
  });

  it("an endless loop in the factory is stopped", () => {
    const r = check(module("loop-factory", { factory: "for (;;) {}" }), "--timeout", "300ms");
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/the factory did not return within 300 ms/);
  });

  it("an endless loop at import is stopped", () => {
    const r = check(module("loop-import", { top: "for (;;) {}" }), "--timeout", "300ms");
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/loading did not finish within 5 s/);
    expect(r.ms).toBeLessThan(30_000);
  });

  it("a throttle polling every millisecond runs out of its run budget instead of spinning", () => {
    // 100 ms a call, so 10 s in all for one campaign run: polling every millisecond of two days
    // would take far longer.
    const r = check(module("poller", { permits: "() => 0", wakeAt: "(v) => v.now + 1" }), "--timeout", "100ms");
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/took more than 10 s in all during one campaign run/);
  });

  it("a bad --timeout is a usage error", () => {
    const r = check(module("fine", {}), "--timeout", "soon");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--timeout must be a duration/);
  });
});

describe("the Throttle contract in the library", () => {
  it("checkThrottle raises a ThrottleFault with the method and the virtual time", () => {
    const config = configFromFile(SCENARIO, { days: 2 });
    const bad = { name: "bad", permits: () => Number.NaN, wakeAt: (v: { now: number }) => v.now + 1, spend: () => {}, holdCause: () => null };
    let fault: unknown;
    try {
      checkThrottle(config, () => bad);
    } catch (e) {
      fault = e;
    }
    expect(fault).toBeInstanceOf(ThrottleFault);
    expect(fault).toMatchObject({ method: "permits", source: 'throttle "bad"' });
    expect((fault as ThrottleFault).at).toBeGreaterThanOrEqual(0);
  });

  it("describes values without running their code, and accepts exactly the contract", () => {
    expect(describeValue({ valueOf: () => { throw new Error("x"); } })).toBe("an object");
    expect(returnProblem("permits", Infinity, 0)).toBeNull();
    expect(returnProblem("wakeAt", Infinity, 5)).toBeNull();
    expect(returnProblem("wakeAt", 6, 5)).toBeNull();
    expect(returnProblem("onError", -1, 0)).toBeNull();
    expect(returnProblem("onError", -2, 0)).not.toBeNull();
    expect(returnProblem("holdCause", "messaging-limit", 0)).toBeNull();
  });
});
