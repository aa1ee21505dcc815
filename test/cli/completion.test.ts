// `tiersim completion`: the printed script is valid shell, and sourcing it in bash completes
// tiersim's commands, flags and choices from the CLI's own definitions.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { defaultShell } from "../../cli/commands/completion.js";
import { BIN, tiersim } from "./tiersim.js";

const bin = BIN;

// A `tiersim` on PATH, as an installed package provides, for the script to call.
const shim = mkdtempSync(join(tmpdir(), "tiersim-completion-"));
writeFileSync(join(shim, "tiersim"), `#!/bin/sh\nexec "${process.execPath}" "${bin}" "$@"\n`);
chmodSync(join(shim, "tiersim"), 0o755);
afterAll(() => rmSync(shim, { recursive: true, force: true }));

/** What bash offers after typing `line` (the last word is the one being completed). */
function bashComplete(line: string): string[] {
  const words = line.split(" ");
  const script = `${tiersim(["completion", "bash"]).stdout}
COMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${words.length - 1}
_tiersim_completions
printf '%s\\n' "\${COMPREPLY[@]}"`;
  // SHELL=zsh: the script must still get bash's answer format.
  const r = spawnSync("bash", ["-c", script], { encoding: "utf8", env: { ...process.env, PATH: `${shim}:${process.env.PATH}`, SHELL: "/bin/zsh" } });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.split("\n").filter(Boolean);
}

describe("tiersim completion", () => {
  it("bash: a script bash accepts, that completes commands, flags and choices", () => {
    const r = tiersim(["completion", "bash"]);
    expect(r.code).toBe(0);
    expect(spawnSync("bash", ["-n"], { input: r.stdout }).status).toBe(0);
    expect(r.stdout).toContain("complete -o bashdefault -o default -F _tiersim_completions tiersim");
    expect(bashComplete("tiersim check-")).toEqual(["check-throttle"]);
    expect(bashComplete("tiersim ru")).toEqual(["rules", "run"]);
    expect(bashComplete("tiersim run --wo")).toEqual(["--workers"]);
    expect(bashComplete("tiersim schema --format ")).toEqual(["json-schema", "markdown"]);
    // An empty word also offers the flags (--help, --version), never other commands.
    expect(bashComplete("tiersim completion ").filter((w) => !w.startsWith("--"))).toEqual(["bash", "zsh"]);
  });

  it("zsh: a compdef script whose answers carry descriptions", () => {
    const r = tiersim(["completion", "zsh"]);
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe("#compdef tiersim");
    expect(r.stdout).toContain("TIERSIM_COMPLETION_SHELL=zsh tiersim --get-yargs-completions");
    const zsh = spawnSync("zsh", ["-n"], { input: r.stdout });
    if (!zsh.error) expect(zsh.status).toBe(0);
    const answer = tiersim(["--get-yargs-completions", "tiersim", "ini"], { env: { TIERSIM_COMPLETION_SHELL: "zsh", SHELL: "/bin/bash" } }).stdout;
    expect(answer).toMatch(/^init:Write a commented starter scenario/m);
  });

  it("without a shell named, follows $SHELL", () => {
    expect(defaultShell({ SHELL: "/usr/bin/zsh" })).toBe("zsh");
    expect(defaultShell({ SHELL: "/bin/bash" })).toBe("bash");
    expect(defaultShell({})).toBe("bash");
    expect(tiersim(["completion"], { env: { SHELL: "/bin/zsh" } }).stdout).toMatch(/^#compdef tiersim/);
  });
});
