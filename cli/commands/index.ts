// Every command of the CLI, in the order `tiersim --help` lists them.
// Each module exports a yargs CommandModule as `command`.
import type { CommandModule } from "yargs";

export const commands: ReadonlyArray<() => Promise<{ command: CommandModule<object, never> }>> = [
  // (commands are registered here as they land)
];
