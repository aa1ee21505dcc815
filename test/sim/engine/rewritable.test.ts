import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { rewritable } from "../../../sim/engine/index.js";
import { SEED } from "../../seed.js";

describe(`rewritable (seed ${SEED})`, () => {
  it("leaves every field as it was: values (NaN, -0 and infinities included) and key order", () => {
    const primitive = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(0, -0, 1, 2, NaN, Infinity, -Infinity), fc.string(), fc.boolean());
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1 }), primitive, { minKeys: 1 }), (record) => {
        const obj: Record<string, number | string | boolean> = { ...record };
        const keys = Object.keys(obj);
        rewritable(obj, ...keys);
        expect(Object.keys(obj)).toEqual(keys);
        for (const k of keys) expect(Object.is(obj[k], record[k])).toBe(true);
      }),
      { seed: SEED },
    );
  });

  it("writes each field with another value before restoring it", () => {
    const seen: unknown[] = [];
    const obj = {
      get n(): number {
        return 1;
      },
      set n(v: number) {
        seen.push(v);
      },
      get s(): string {
        return "a";
      },
      set s(v: string) {
        seen.push(v);
      },
      get b(): boolean {
        return false;
      },
      set b(v: boolean) {
        seen.push(v);
      },
    };
    rewritable(obj, "n", "s", "b");
    expect(seen).toEqual([2, 1, "a'", "a", true, false]);
  });
});
