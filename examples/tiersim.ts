// The examples import tiersim through this one file so they run inside the tiersim repository.
// In your own project, delete it and import from "tiersim" instead of "./tiersim.js" (or
// "../tiersim.js"): the names are the same.
export { loadScenarioFile } from "../scenarios/load-file.js";
export { compileScenario } from "../scenarios/compile.js";
export * from "../sim/throttles/index.js";
