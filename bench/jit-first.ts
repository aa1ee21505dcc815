// Imported first by the bench runner, so that its suites — every one of them big enough — run
// under the inlining budgets a large `tiersim` command raises (cli/jit-settings.ts) before any of
// their code is optimized.
import { raiseInliningBudgets } from "../cli/jit-settings.js";

raiseInliningBudgets();
