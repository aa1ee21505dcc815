// Regression tests, issue 13 defects 5, 6, 12 and 13: special files are written through, never
// replaced; symlinks are followed; an output over an input is refused; impossible folders fail
// at once; empty paths are usage errors — and pre-existing files stay untouched.
import { spawn, spawnSync } from "node:child_process";
import { lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectClean, SMALL, snapshot, tiersim, tmp } from "./robust-helpers.js";
import { inspect, killAfter } from "../soak/kill.js";

describe("defects 5, 6, 12 and 13: output paths", () => {
  function shards(dir: string): string[] {
    for (const i of [1, 2]) expect(tiersim(["run", SMALL, "--runs", "2", "--shard", `${i}/2`, "--out", dir]).code).toBe(0);
    return [join(dir, "shard-1-of-2.jsonl"), join(dir, "shard-2-of-2.jsonl")];
  }

  it("a FIFO is written through, not replaced (--trace, merge --out, schema --out)", async () => {
    const dir = tmp("fifo");
    const [a, b] = shards(dir);
    const cases: Array<{ args: (fifo: string) => string[]; expect: RegExp }> = [
      { args: (f) => ["run", SMALL, "--trace", f], expect: /^\{"at":/ },
      { args: (f) => ["merge", a, b, "--out", f], expect: /"schema": "tiersim\/projection@1"/ },
      { args: (f) => ["schema", "--out", f], expect: /"\$schema"/ },
    ];
    for (const [i, c] of cases.entries()) {
      const fifo = join(dir, `pipe-${i}`);
      expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
      const reader = spawn("cat", [fifo]);
      let got = "";
      reader.stdout.on("data", (d: Buffer) => (got += d.toString()));
      const done = new Promise<void>((resolve) => reader.on("close", () => resolve()));
      const r = tiersim(c.args(fifo));
      // A FIFO replaced by a regular file would leave the reader waiting forever.
      const waited = await Promise.race([done.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5_000))]);
      if (!waited) reader.kill();
      expect(r.code).toBe(0);
      expect(lstatSync(fifo).isFIFO()).toBe(true);
      expect(got).toMatch(c.expect);
    }
  });

  it("a character device is written directly, never replaced", () => {
    const dir = tmp("dev");
    const dev = join(dir, "null");
    // A private device node (the same as /dev/null): the test must never risk the real one.
    const made = spawnSync("mknod", [dev, "c", "1", "3"]).status === 0;
    const target = made ? dev : "/dev/null";
    for (const args of [["run", SMALL, "--trace", target], ["schema", "--out", target]]) {
      const r = tiersim(args);
      expect(r.code).toBe(0);
      expect(lstatSync(target).isCharacterDevice()).toBe(true);
    }
    expect(readdirSync(dir).filter((f) => f.startsWith(".tiersim-tmp"))).toEqual([]);
  });

  it("a symlink is followed: the link stays, its target is written atomically", () => {
    const dir = tmp("link");
    mkdirSync(join(dir, "real"));
    writeFileSync(join(dir, "real", "trace.jsonl"), "old\n");
    symlinkSync(join("real", "trace.jsonl"), join(dir, "trace.jsonl"));
    symlinkSync(join("real", "schema.json"), join(dir, "dangling.json"));
    expect(tiersim(["run", SMALL, "--trace", join(dir, "trace.jsonl")]).code).toBe(0);
    expect(tiersim(["schema", "--out", join(dir, "dangling.json")]).code).toBe(0);
    expect(lstatSync(join(dir, "trace.jsonl")).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, "trace.jsonl"))).toBe(join("real", "trace.jsonl"));
    expect(readFileSync(join(dir, "real", "trace.jsonl"), "utf8")).toMatch(/^\{"at":/);
    expect(lstatSync(join(dir, "dangling.json")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, "real", "schema.json"), "utf8")).toMatch(/"\$schema"/);
  });

  it("an output that is one of the inputs is refused (exit 2) and the input stays as it was", () => {
    const dir = tmp("self");
    const file = join(dir, "in.yaml");
    writeFileSync(file, readFileSync(SMALL));
    const before = snapshot(dir);
    const cases = [
      ["run", file, "--trace", file],
      ["run", file, "--trace", join(dir, ".", "in.yaml")],
      ["check-throttle", file, "--out", dir, "--counterexample", file],
    ];
    for (const args of cases) {
      const r = tiersim(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/in\.yaml.*(input|reads)/);
      expectClean(r);
      expect(snapshot(dir)).toEqual(before);
    }
    // A scenario saved as result.json in the folder --out writes into.
    const inside = join(dir, "result.json");
    writeFileSync(inside, readFileSync(SMALL));
    const snap = snapshot(dir);
    const r = tiersim(["run", inside, "--out", dir]);
    expect(r.code).toBe(2);
    expect(snapshot(dir)).toEqual(snap);

    const sh = tmp("self-merge");
    const [a, b] = shards(sh);
    const shardSnap = snapshot(sh);
    const m = tiersim(["merge", a, b, "--out", a]);
    expect(m.code).toBe(2);
    expect(snapshot(sh)).toEqual(shardSnap);
  });

  it("--out /proc/x fails at once with the reason (exit 2), no hang", () => {
    for (const args of [["run", SMALL, "--out", "/proc/x/y"], ["run", SMALL, "--trace", "/proc/x/t.jsonl"], ["schema", "--out", "/proc/x/s.json"]]) {
      const r = tiersim(args, { timeout: 15_000 });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/cannot write \/proc\/x/);
      expect(r.ms).toBeLessThan(10_000);
      expectClean(r);
    }
  });

  it('--out "" and --trace "" are usage errors', () => {
    for (const args of [["run", SMALL, "--out", ""], ["run", SMALL, "--trace", ""], ["merge", "x.jsonl", "--out", ""], ["schema", "--out", ""], ["report", "r.json", "--out", ""]]) {
      const r = tiersim(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--(out|trace) .*empty/);
      expectClean(r);
    }
  });

  it("pre-existing files outside the output survive every refused command", () => {
    const dir = tmp("keep");
    writeFileSync(join(dir, "keep.txt"), "mine");
    const before = snapshot(dir);
    tiersim(["run", SMALL, "--out", join(dir, "keep.txt")]);
    tiersim(["schema", "--out", dir]);
    expect(snapshot(dir)).toEqual(before);
    expect(statSync(join(dir, "keep.txt")).isFile()).toBe(true);
  });
});

describe("kills during writes", () => {
  it("SIGKILL at three moments of run --out --trace leaves no partial file (npm run soak kills 60 times)", async () => {
    for (const ms of [700, 1500, 2600]) {
      const out = join(tmp("kill"), "out");
      await killAfter(["run", "scenarios/quickstart.yaml", "--out", out, "--trace", join(out, "trace.jsonl")], ms);
      expect(inspect(out).partial).toEqual([]);
    }
  });
});
