// Every command of the CLI, in the order `tiersim --help` lists them.
// Each module exports a yargs CommandModule as `command`; its name is the first word of its
// `command` string, repeated here so that running one command loads only its module (the
// report renderer behind `run` alone takes most of a second to load).
// Each command module types its own arguments; main.ts registers them as plain modules.
export const commands: ReadonlyArray<{ name: string; load: () => Promise<{ command: unknown }> }> = [
  { name: "init", load: () => import("./init.js") },
  { name: "validate", load: () => import("./validate.js") },
  { name: "schema", load: () => import("./schema.js") },
  { name: "rules", load: () => import("./rules.js") },
  { name: "run", load: () => import("./run.js") },
  { name: "report", load: () => import("./report.js") },
  { name: "sweep", load: () => import("./sweep.js") },
  { name: "merge", load: () => import("./merge.js") },
  { name: "calibrate", load: () => import("./calibrate.js") },
  { name: "backtest", load: () => import("./backtest.js") },
  { name: "check-throttle", load: () => import("./check-throttle.js") },
  { name: "emulate", load: () => import("./emulate.js") },
  { name: "completion", load: () => import("./completion.js") },
];
