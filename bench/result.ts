/** One benchmark's figures, as printed and as written by --json. */
export interface BenchResult {
  name: string;
  ops: number;
  nsPerOp: number;
  opsPerSec: number;
  heapUsedBytes: number;
  /** Reference figure to compare with (e.g. etcd raft in Go on this kind of machine), ns/op. */
  referenceNsPerOp?: number;
  /** nsPerOp / referenceNsPerOp: below 1 is faster than the reference. */
  ratioToReference?: number;
  /** Other figures of this benchmark, by name (printed after the main ones). */
  extra?: Record<string, number>;
}
