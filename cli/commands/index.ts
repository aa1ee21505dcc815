// Every command of the CLI, in the order `tiersim --help` lists them.
// Each module exports a yargs CommandModule as `command`.
// Each command module types its own arguments; main.ts registers them as plain modules.
export const commands: ReadonlyArray<() => Promise<{ command: unknown }>> = [
  () => import("./init.js"),
  () => import("./validate.js"),
  () => import("./schema.js"),
  () => import("./rules.js"),
  () => import("./run.js"),
  () => import("./report.js"),
  () => import("./sweep.js"),
  () => import("./merge.js"),
  () => import("./calibrate.js"),
  () => import("./check-throttle.js"),
  () => import("./completion.js"),
];
