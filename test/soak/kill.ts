// Kills during writes: a `tiersim run --out` killed with SIGKILL at any moment leaves every
// output either absent or complete — never a truncated file under its real name. What a kill
// can leave is a hidden temp file (.tiersim-tmp-<pid>-…), which the next write into the folder
// removes once its process is gone.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/** Starts `tiersim args…` and kills it with SIGKILL after `afterMs`; resolves when it is gone. */
export function killAfter(args: string[], afterMs: number): Promise<{ killed: boolean; code: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["bin/tiersim.js", ...args], { stdio: "ignore" });
    const timer = setTimeout(() => child.kill("SIGKILL"), afterMs);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      resolve({ killed: signal === "SIGKILL", code });
    });
  });
}

function files(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) files(p, out);
    else out.push(p);
  }
  return out;
}

/** Why a file written by `tiersim run --out` is incomplete, or `null` when it is whole. */
export function incomplete(path: string): string | null {
  const name = path.split("/").pop()!;
  const bytes = readFileSync(path);
  const text = bytes.toString("utf8");
  const jsonl = (): string | null => {
    if (text.length > 0 && !text.endsWith("\n")) return "does not end with a newline";
    for (const line of text.split("\n").filter((l) => l !== "")) {
      try {
        JSON.parse(line);
      } catch {
        return "holds a line that is not JSON";
      }
    }
    return null;
  };
  if (name.endsWith(".json") || name.endsWith(".vl.json")) {
    try {
      JSON.parse(text);
      return null;
    } catch {
      return "is not complete JSON";
    }
  }
  if (name.endsWith(".jsonl")) return jsonl();
  if (name.endsWith(".csv")) return text.endsWith("\n") ? null : "does not end with a newline";
  if (name.endsWith(".html")) return text.trimEnd().endsWith("</html>") ? null : "does not end with </html>";
  if (name.endsWith(".md")) return text.endsWith("\n") ? null : "does not end with a newline";
  if (name.endsWith(".svg")) return text.trimEnd().endsWith("</svg>") ? null : "does not end with </svg>";
  if (name.endsWith(".png")) return bytes.subarray(bytes.length - 8, bytes.length - 4).toString("latin1") === "IEND" ? null : "has no IEND chunk";
  return statSync(path).size >= 0 ? null : "unreadable";
}

/** Problems in an output folder after a kill: partial files under their real names; temp files listed apart. */
export function inspect(dir: string): { partial: string[]; temps: string[]; complete: number } {
  const all = files(dir);
  const temps = all.filter((p) => p.split("/").pop()!.startsWith(".tiersim-tmp-"));
  const partial: string[] = [];
  let complete = 0;
  for (const p of all.filter((x) => !temps.includes(x))) {
    const why = incomplete(p);
    if (why) partial.push(`${p} ${why}`);
    else complete++;
  }
  return { partial, temps, complete };
}
