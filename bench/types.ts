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
}
