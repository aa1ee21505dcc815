// Monte Carlo branch of `tiersim run` (--runs > 1, --shard): see the projection issue.
import { ExitCode, UserError } from "../exit-codes.js";
import type { RunArgs } from "./run.js";

export async function runProjectionCommand(_argv: RunArgs): Promise<void> {
  throw new UserError("Monte Carlo projections (--runs > 1, --shard) are not available in this build yet", ExitCode.Usage);
}
