/** Options every bench suite receives. `quick` shrinks sizes for a smoke run. */
export interface BenchOptions {
  quick: boolean;
}

/** One measured figure. `ratio` = value / baseline.value when a baseline ran in the same process run. */
export interface BenchResult {
  id: string;
  metric: string;
  value: number;
  unit: string;
  target?: string;
  met?: boolean;
  baseline?: { name: string; value: number };
  ratio?: number;
  note?: string;
}

/** A bench suite module: bench/suites/<name>.ts. */
export interface BenchSuite {
  run(opts: BenchOptions): Promise<BenchResult[]>;
  /**
   * Node flags the suite's process needs, e.g. `--expose-gc` to measure live memory. Only the
   * suites that ask get them: forcing GCs between timed runs shrinks V8's young generation and
   * slows the engine benchmarks by a third.
   */
  nodeFlags?: string[];
  /** True for suites measured against SimPy: the runner makes sure SimPy is there first. */
  usesSimPy?: boolean;
  /**
   * Seconds the runner waits, idle, before starting the suite when another suite ran before it
   * in the same bench run: for figures that the aftermath of a previous suite disturbs (see
   * bench/suites/mc.ts).
   */
  settleSeconds?: number;
}
