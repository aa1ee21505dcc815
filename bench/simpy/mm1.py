"""M/M/1 FIFO queue in SimPy (the SimPy 3 API, also valid on SimPy 4): the baseline of the
engine bench's `mm1-1e6`. Same model as sim/engine/examples/mm1.ts: one server, exponential
gaps and services, run until every customer has left. Prints one JSON line; `rate` is customers per CPU-second
of this process."""
import argparse
import json
import platform
import random
import time

import simpy


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--customers", type=int, default=1_000_000)
    ap.add_argument("--arrival-rate", type=float, default=0.9)
    ap.add_argument("--service-rate", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()

    random.seed(a.seed)
    env = simpy.Environment()
    server = simpy.Resource(env, capacity=1)
    stats = [0.0, 0]  # sum of waits, customers served

    def customer(env):
        arrived = env.now
        with server.request() as req:
            yield req
            stats[0] += env.now - arrived
            stats[1] += 1
            yield env.timeout(random.expovariate(a.service_rate))

    def source(env):
        for _ in range(a.customers):
            env.process(customer(env))
            yield env.timeout(random.expovariate(a.arrival_rate))

    env.process(source(env))
    # CPU time of this process (user + system) is the measure, as on the Node side: it is far
    # less sensitive than wall time to other load on a shared machine. Wall time is reported too.
    w0 = time.perf_counter()
    c0 = time.process_time()
    env.run()
    seconds = time.process_time() - c0
    wall = time.perf_counter() - w0
    print(json.dumps({
        "model": "mm1",
        "customers": stats[1],
        "seconds": seconds,
        "wallSeconds": wall,
        "rate": stats[1] / seconds,
        "meanWait": stats[0] / stats[1],
        "simpy": simpy.__version__,
        "python": platform.python_version(),
    }))


if __name__ == "__main__":
    main()
