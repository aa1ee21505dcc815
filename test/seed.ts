// One seed for every property test. CI pins it (FC_SEED); a failing run prints it in the
// test title and fast-check's report, so `FC_SEED=<seed> npx vitest run <file>` replays it.
export const SEED = Number(process.env.FC_SEED ?? 20260302);
