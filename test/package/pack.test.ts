// The published package, as a user gets it: `npm pack`, installed from the tarball into a
// fresh CommonJS project and a fresh ESM project (dependencies from the registry). In each:
// the library through require() and import, `.ts` and `.js` throttle modules that import
// "tiersim" checked with `npx tiersim check-throttle`, a vitest file that imports it, the
// types under TypeScript's nodenext rules, the shipped example throttle, and `tiersim init`.
// dist/ must be built (the test setup builds it when stale).
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const repo = resolve(".");
const tmp = mkdtempSync(join(tmpdir(), "tiersim-pack-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const versionOf = (pkg: string): string => (JSON.parse(readFileSync(join(repo, "node_modules", pkg, "package.json"), "utf8")) as { version: string }).version;

/** Runs a command in `cwd`; resolves with its exit code and output, never rejects. */
async function sh(cwd: string, cmd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  // npm's own variables from an enclosing `npm test` would steer the nested npm (prefix, scripts…).
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  try {
    const r = await run(cmd, args, { cwd, env, encoding: "utf8", maxBuffer: 64 << 20, timeout: 240_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code?: number | string; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : -1, stdout: e.stdout ?? "", stderr: e.stderr ?? String(err) };
  }
}

let tarball = "";
let files: string[] = [];

const THROTTLE_TS = `import { fromBottleneck, type Throttle, type ThrottleContext } from "tiersim";

/** About 58 sends a second: under the number's 80. */
export function createThrottle(_ctx: ThrottleContext): Throttle {
  return fromBottleneck({ maxConcurrent: 8, minTime: 17 });
}
`;

const TEST_TS = `import { expect, test } from "vitest";
import { checkThrottle, compileScenario, loadScenarioFile, VERSION } from "tiersim";
import { createThrottle } from "./throttle";

test("our throttle stays under the throughput limit", () => {
  const loaded = loadScenarioFile("node_modules/tiersim/examples/throttles/launch.yaml");
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
  const result = checkThrottle(compileScenario(loaded.scenario, loaded.ruleSet, { days: 1 }), createThrottle, { assertions: ["errors.130429 == 0"] });
  expect(result.failures).toEqual([]);
  expect(VERSION).toMatch(/^\\d+\\.\\d+\\.\\d+/);
});
`;

const projects = {
  commonjs: {
    throttleJs: `const { fromBottleneck } = require("tiersim");\nexports.createThrottle = () => fromBottleneck({ maxConcurrent: 8, minTime: 17 });\n`,
  },
  module: {
    throttleJs: `import { fromBottleneck } from "tiersim";\nexport const createThrottle = () => fromBottleneck({ maxConcurrent: 8, minTime: 17 });\n`,
  },
} as const;
type Kind = keyof typeof projects;
const dirs: Record<Kind, string> = { commonjs: join(tmp, "commonjs"), module: join(tmp, "module") };

beforeAll(async () => {
  const packed = await sh(repo, "npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", tmp]);
  expect(packed.code, packed.stderr).toBe(0);
  const [info] = JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  tarball = join(tmp, info.filename);
  files = info.files.map((f) => f.path);
  // Both projects install at once: the registry's round trips, not the CPU, are the wait.
  await Promise.all(
    (Object.keys(projects) as Kind[]).map(async (kind) => {
      const dir = dirs[kind];
      mkdirSync(dir);
      // As `npm init -y` makes it, with the module system named.
      writeFileSync(join(dir, "package.json"), JSON.stringify({ name: `consumer-${kind}`, version: "1.0.0", private: true, type: kind }, null, 2));
      writeFileSync(join(dir, "throttle.ts"), THROTTLE_TS);
      writeFileSync(join(dir, "throttle.js"), projects[kind].throttleJs);
      writeFileSync(join(dir, "tiersim.test.ts"), TEST_TS);
      writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { module: "nodenext", target: "es2022", strict: true, noEmit: true, skipLibCheck: true, types: [] }, files: ["throttle.ts"] }));
      const installed = await sh(dir, "npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", tarball, `vitest@${versionOf("vitest")}`, `typescript@${versionOf("typescript")}`]);
      expect(installed.code, installed.stderr).toBe(0);
    }),
  );
}, 300_000);

describe("the package's contents", () => {
  it("ships the CLI, the build, docs, examples, the example scenarios and the schemas", () => {
    for (const f of ["bin/tiersim.js", "dist/index.js", "dist/index.d.ts", "dist/cli/main.js", "README.md", "docs/scenario-format.md", "docs/throttles.md", "docs/distributed.md", "examples/README.md", "examples/throttles/safe.ts", "examples/throttle.test.ts", "scenarios/quickstart.yaml", "scenarios/scenario.schema.json", "schemas/run.schema.json", "schemas/projection.schema.json", "reports/fonts/DejaVuSans.ttf"]) {
      expect(files, f).toContain(f);
    }
  });

  it("leaves out the benchmarks, sources, tests and build bookkeeping", () => {
    expect(files.filter((f) => /^(dist\/)?bench\//.test(f))).toEqual([]);
    expect(files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts") && !f.startsWith("examples/"))).toEqual([]);
    expect(files.filter((f) => f.startsWith("test/") || f.includes(".build-stamp") || f.includes("tsbuildinfo"))).toEqual([]);
  });
});

describe.each(Object.keys(projects) as Kind[])("installed in a fresh %s project", (kind) => {
  const dir = (): string => dirs[kind];

  it("loads through require() and import", async () => {
    const cjs = await sh(dir(), process.execPath, ["-e", 'const t = require("tiersim"); process.stdout.write(typeof t.checkThrottle + " " + typeof t.renderReport)']);
    expect(cjs.stderr).not.toMatch(/Error/);
    expect(cjs.stdout).toBe("function function");
    const esm = await sh(dir(), process.execPath, ["--input-type=module", "-e", 'import { simulate, VERSION } from "tiersim"; process.stdout.write(typeof simulate + " " + VERSION)']);
    expect(esm.stdout).toMatch(/^function \d+\.\d+\.\d+/);
  });

  it("renders a report after a require(): the chart renderer loads on first use", async () => {
    const script = `const t = require("tiersim");
const l = t.loadScenarioFile("node_modules/tiersim/scenarios/worked-example-2days.yaml");
t.renderReport(t.simulate(t.compileScenario(l.scenario, l.ruleSet))).then((r) => process.stdout.write(r.files.map((f) => f[0]).join(",")));`;
    const r = await sh(dir(), process.execPath, ["-e", script]);
    expect(r.stdout).toContain("report.html");
    expect(r.stdout).toMatch(/charts\/[\w-]+\.svg/);
  });

  it.each(["throttle.ts", "throttle.js", "node_modules/tiersim/examples/throttles/safe.ts"])("npx tiersim check-throttle --throttle %s", async (throttle) => {
    const r = await sh(dir(), "npx", ["--no-install", "tiersim", "check-throttle", "node_modules/tiersim/examples/throttles/launch.yaml", "--throttle", throttle, "--days", "1", "--assert", "errors.130429 == 0", "--json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { schema: string; ok: boolean; throttle: string };
    expect(doc).toMatchObject({ schema: "tiersim/throttle-check@1", ok: true });
    expect(doc.throttle).toContain(throttle);
  });

  it("a vitest file imports tiersim and checks the throttle", async () => {
    const r = await sh(dir(), "npx", ["--no-install", "vitest", "run", "--reporter=verbose"]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/1 passed/);
  });

  it("the types resolve under TypeScript's nodenext rules", async () => {
    const r = await sh(dir(), "npx", ["--no-install", "tsc", "-p", "tsconfig.json"]);
    expect(r.stdout + r.stderr).toBe("");
    expect(r.code).toBe(0);
  });

  it("tiersim init writes a scenario whose $schema is the installed package's", async () => {
    const r = await sh(dir(), "npx", ["--no-install", "tiersim", "init", "plans/launch.yaml"]);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir(), "plans/launch.yaml"), "utf8").split("\n")[0]).toBe("# yaml-language-server: $schema=../node_modules/tiersim/scenarios/scenario.schema.json");
    expect((await sh(dir(), "npx", ["--no-install", "tiersim", "validate", "plans/launch.yaml"])).code).toBe(0);
  });
});
