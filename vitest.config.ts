import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  // The examples import "tiersim" (the package itself, as a user's project would); in this
  // repository's tests that is the source, not a build of it.
  resolve: { alias: [{ find: /^tiersim$/, replacement: fileURLToPath(new URL("./index.ts", import.meta.url)) }] },
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
