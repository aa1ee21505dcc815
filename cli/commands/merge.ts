// `tiersim merge <shard.jsonl…>`: combine the shards of a `tiersim run --shard` job into the
// projection — the same bytes `tiersim run --runs N --json` prints for the whole job.
import { readFileSync } from "node:fs";
import type { CommandModule } from "yargs";
import { mergeShards } from "../../studies/projections/shard.js";
import { ExitCode, UserError } from "../exit-codes.js";
import { printJson, writeFileAtomic } from "../output.js";
import { formatProjection } from "../projection-summary.js";

interface MergeArgs {
  shards: string[];
  out?: string;
  json: boolean;
}

function readShard(file: string): { file: string; text: string } {
  try {
    return { file, text: readFileSync(file, "utf8") };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(`cannot read shard file ${file}: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "a folder, not a file" : (err as Error).message}`, ExitCode.InvalidInput);
  }
}

const mergeCommand: CommandModule<object, MergeArgs> = {
  command: "merge <shards..>",
  describe: "Merge the JSONL shards of `tiersim run --shard I/N` into one projection",
  builder: (y) =>
    y
      .positional("shards", { type: "string", array: true, demandOption: true, describe: "Shard files (shard-1-of-N.jsonl … shard-N-of-N.jsonl)" })
      .option("out", { type: "string", describe: "Write the projection (tiersim/projection@1) to this file" })
      .option("json", { type: "boolean", default: false, describe: "Print exactly one JSON document on stdout" })
      .example("$0 merge out/shard-*.jsonl --out out/result.json", "the projection of every shard, as `tiersim run --runs N --json` would print it") as never,
  handler: (argv) => {
    const merged = mergeShards(argv.shards.map(readShard));
    if (!merged.ok) {
      throw new UserError(`cannot merge ${argv.shards.length} shard file${argv.shards.length === 1 ? "" : "s"}:\n${merged.issues.map((i) => `  - ${i}`).join("\n")}`, ExitCode.InvalidInput);
    }
    if (argv.out) writeFileAtomic(argv.out, JSON.stringify(merged.projection, null, 2) + "\n");
    if (argv.json) printJson(merged.projection);
    else {
      process.stdout.write(formatProjection(merged.projection));
      if (argv.out) process.stdout.write(`\nWrote ${argv.out}\n`);
    }
  },
};

// The registry holds commands of every argument shape; yargs checks arguments at run time.
export const command = mergeCommand as unknown as CommandModule<object, never>;
