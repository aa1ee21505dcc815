// Rewrites manifest.json from the current build: `npm run golden:update` (after `npm run build`).
import { writeFileSync } from "node:fs";
import { CASES, runCase, type GoldenDigest } from "./cases.js";

const out: Record<string, GoldenDigest> = {};
for (const c of CASES) {
  const t0 = performance.now();
  out[c.id] = await runCase(c, process.cwd());
  process.stderr.write(`${c.id}: exit ${out[c.id].code}, ${Object.keys(out[c.id].files).length} digests, ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
}
writeFileSync(new URL("./manifest.json", import.meta.url), JSON.stringify(out, null, 2) + "\n");
