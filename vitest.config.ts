import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // The JSON report lets CI print a plain "N passed, N failed" closing line.
    reporters: ["default", "json"],
    outputFile: { json: "results/vitest.json" },
  },
});
