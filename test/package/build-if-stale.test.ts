// bin/build-if-stale.js (`npm start`, `npm run bench`, the test setup): dist/ is rebuilt
// exactly when it is out of date — a changed, added, renamed or missing file, or a failed
// last build — and left alone otherwise. Run on a small project of its own.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = mkdtempSync(join(tmpdir(), "tiersim-stale-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

mkdirSync(join(root, "bin"));
mkdirSync(join(root, "src"));
copyFileSync("bin/build-if-stale.js", join(root, "bin/build-if-stale.js"));
symlinkSync(resolve("node_modules"), join(root, "node_modules"), "dir");
writeFileSync(join(root, "package.json"), JSON.stringify({ name: "fixture", type: "module" }));
writeFileSync(join(root, "tsconfig.json"), JSON.stringify({ compilerOptions: { target: "ES2022", module: "NodeNext", strict: true, types: [], outDir: "dist", rootDir: "." } }));
writeFileSync(join(root, "tsconfig.build.json"), JSON.stringify({ extends: "./tsconfig.json", include: ["src"] }));
writeFileSync(join(root, "src/a.ts"), "export const a: number = 1;\n");

/** An hour ago: files older than the last build, as after a checkout long before it. */
function age(file: string): void {
  const past = new Date(Date.now() - 3_600_000);
  utimesSync(file, past, past);
}

function run(...args: string[]): { code: number | null; built: boolean; stderr: string } {
  const r = spawnSync(process.execPath, [join(root, "bin/build-if-stale.js"), ...args], { cwd: root, encoding: "utf8" });
  return { code: r.status, built: r.stderr.includes("building dist/"), stderr: r.stderr };
}

describe("build-if-stale", () => {
  it("builds when there is no build, then not again until something changes", () => {
    age(join(root, "src/a.ts"));
    const first = run();
    expect(first).toMatchObject({ code: 0, built: true });
    expect(first.stderr).toContain("no finished build recorded");
    expect(existsSync(join(root, "dist/src/a.js"))).toBe(true);
    const output = statSync(join(root, "dist/src/a.js")).mtimeMs;
    expect(run()).toMatchObject({ code: 0, built: false });
    expect(statSync(join(root, "dist/src/a.js")).mtimeMs).toBe(output);
  });

  it("rebuilds after a source is edited", () => {
    writeFileSync(join(root, "src/a.ts"), "export const a: number = 2;\n");
    const r = run();
    expect(r).toMatchObject({ code: 0, built: true });
    expect(r.stderr).toContain("src/a.ts changed");
    expect(run().built).toBe(false);
  });

  it("rebuilds after a file is added or renamed, even with an old timestamp", () => {
    writeFileSync(join(root, "src/b.ts"), "export const b = 1;\n");
    age(join(root, "src/b.ts"));
    expect(run().stderr).toContain("files were added, removed or renamed");
    expect(existsSync(join(root, "dist/src/b.js"))).toBe(true);
    renameSync(join(root, "src/b.ts"), join(root, "src/c.ts")); // a rename keeps the mtime
    expect(run().built).toBe(true);
    expect(existsSync(join(root, "dist/src/c.js"))).toBe(true);
  });

  it("rebuilds when an output is missing or a config changed", () => {
    rmSync(join(root, "dist/src/a.js"));
    expect(run().stderr).toContain("dist/src/a.js is missing");
    expect(existsSync(join(root, "dist/src/a.js"))).toBe(true);
    writeFileSync(join(root, "tsconfig.build.json"), JSON.stringify({ extends: "./tsconfig.json", include: ["src"], compilerOptions: { declaration: true } }));
    expect(run().stderr).toContain("tsconfig.build.json changed");
    expect(existsSync(join(root, "dist/src/a.d.ts"))).toBe(true);
  });

  it("a failed build leaves no record, so the next run builds again; --force always builds", () => {
    writeFileSync(join(root, "src/a.ts"), "export const a: number = 'not a number';\n");
    const failed = run();
    expect(failed.code).not.toBe(0);
    expect(existsSync(join(root, "dist/.build-stamp.json"))).toBe(false);
    writeFileSync(join(root, "src/a.ts"), "export const a: number = 3;\n");
    age(join(root, "src/a.ts"));
    expect(run()).toMatchObject({ code: 0, built: true });
    expect(run().built).toBe(false);
    expect(run("--force").code).toBe(0);
    expect(run().built).toBe(false);
  });
});
