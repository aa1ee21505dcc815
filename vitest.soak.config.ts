// `npm run soak`: the fuzzing at 100,000 documents, the hostile throttle modules and the kill tests — for occasional use on a
// quiet machine (about an hour), not for CI.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/scenarios/fuzz.test.ts", "test/cli/throttle-watchdog.test.ts", "test/soak/**/*.soak.ts"],
    globalSetup: ["test/global-setup.ts"],
    env: { TIERSIM_SOAK: "1" },
    testTimeout: 12 * 3_600_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
