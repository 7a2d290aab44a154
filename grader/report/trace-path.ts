/**
 * Finding the trace file that a failure message names.
 */
import { stripAnsi } from './ansi';

/** The trace file a failure message names (`trace: <path>`, as the KV tests print it), or null. */
export function tracePathIn(message: string): string | null {
  const all = [...stripAnsi(message).matchAll(/(?:^|\s)trace:\s+(\S+\.trace(?:\.jsonl)?)\b/gm)];
  return all.length === 0 ? null : all[all.length - 1][1];
}
