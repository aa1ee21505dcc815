// Event kinds by name. The engine dispatches on small integers; features of a model claim
// theirs by name at setup, so no feature knows another's numbers and adding one with a timer
// touches only its own file.
import type { EventHandler, Simulation } from "./scheduler.js";

/**
 * Hands out event kinds of one {@link Simulation} and registers their handlers.
 *
 * @example
 * ```ts
 * const sim = new Simulation();
 * const kinds = new EventKinds(sim);
 * const ARRIVE = kinds.claim("arrive", (user, now) => console.log(user, now));
 * sim.schedule(1000, ARRIVE, 7);
 * kinds.nameOf(ARRIVE); // "arrive"
 * ```
 */
export class EventKinds {
  private readonly names: string[] = [];

  constructor(private readonly sim: Simulation) {}

  /** Claims the next free kind for `name` and registers `handler` for it. */
  claim(name: string, handler: EventHandler): number {
    if (this.names.includes(name)) throw new Error(`event kind "${name}" is claimed twice`);
    const kind = this.names.length;
    this.sim.on(kind, handler);
    this.names.push(name);
    return kind;
  }

  /** Name a kind was claimed under. */
  nameOf(kind: number): string | undefined {
    return this.names[kind];
  }
}
