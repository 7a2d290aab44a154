/**
 * Searching the viewer's sorted columns: the first row at or after a time, the row in force at
 * a time, and whether a store was running then.
 */

/** The first index i with `a[i] >= x` (a.length if none); `a` sorted ascending. */
export function lowerBound(a: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index i with `a[i] > x` (a.length if none); `a` sorted ascending. */
export function upperBound(a: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The index of the last row at or before `t` (-1 if every row is later): the state in force at `t`. */
export function rowAt(times: ArrayLike<number>, t: number): number {
  return upperBound(times, t) - 1;
}

/** True if `t` falls in one of the spans [from, to]. */
export function inSpans(spans: readonly (readonly [number, number])[], t: number): boolean {
  return spans.some(([from, to]) => t >= from && t <= to);
}
