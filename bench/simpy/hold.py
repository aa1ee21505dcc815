"""Hold model (JaamSim's benchmark method) in SimPy (the SimPy 3 API, also valid on SimPy 4):
the baseline of the engine bench's `hold-*`. N processes each hold `holds` times for a delay
drawn from U(0, 2N), so about N events are always pending. Process start-up is run before the
clock starts, so the timed part is exactly N x holds timeout events. Prints one JSON line;
`rate` is events per CPU-second of this process."""
import argparse
import json
import platform
import random
import time

import simpy


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--entities", type=int, default=100_000)
    ap.add_argument("--holds", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()

    random.seed(a.seed)
    env = simpy.Environment()
    span = 2.0 * a.entities

    def entity(env):
        for _ in range(a.holds):
            yield env.timeout(random.uniform(0.0, span))

    for _ in range(a.entities):
        env.process(entity(env))
    # Each process starts with an Initialize event at t = 0 that runs before any timeout:
    # step through them untimed, leaving the first hold of every process pending.
    for _ in range(a.entities):
        env.step()
    # CPU time of this process (user + system) is the measure, as on the Node side: it is far
    # less sensitive than wall time to other load on a shared machine. Wall time is reported too.
    w0 = time.perf_counter()
    c0 = time.process_time()
    env.run()
    seconds = time.process_time() - c0
    wall = time.perf_counter() - w0
    events = a.entities * a.holds
    print(json.dumps({
        "model": "hold",
        "entities": a.entities,
        "events": events,
        "seconds": seconds,
        "wallSeconds": wall,
        "rate": events / seconds,
        "simpy": simpy.__version__,
        "python": platform.python_version(),
    }))


if __name__ == "__main__":
    main()
