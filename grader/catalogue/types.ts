/**
 * The shapes of the grader's catalogue: the graded parts and the graded tests.
 */

/** Where a test comes from: ported from TinyKV, or written for this lab. */
export type Origin = 'tinykv' | 'ours';

/** A part that owns tests directly (every graded test belongs to exactly one leaf part). */
export interface LeafPart {
  readonly kind: 'leaf';
  /** The id used on the command line, lower case: `2aa`. */
  readonly id: string;
  /** One line for listings: what the student builds in this part. */
  readonly title: string;
  /** Every test name of this part ends with this suffix (TinyKV's convention: `...2AA`). */
  readonly suffix: string;
}

/** A part made of other parts (`2a` = `2alog` + `2aa` + `2ab` + `2ac`). */
export interface AggregatePart {
  readonly kind: 'aggregate';
  readonly id: string;
  readonly title: string;
  /** The ids of the parts it is made of, leaf or aggregate, in grading order. */
  readonly includes: readonly string[];
}

/** A graded part, as given on the command line. */
export type Part = LeafPart | AggregatePart;

/** One graded test. */
export interface TestEntry {
  /** The test's name, exactly as in the suite file (TinyKV's name for a ported test). */
  readonly name: string;
  /** The id of the leaf part that owns it. */
  readonly part: string;
  /** The points it is worth (see the scale in catalogue/tests-2a.ts). */
  readonly points: number;
  /** One sentence, in our words: the behaviour the test checks. */
  readonly description: string;
  readonly origin: Origin;
  /** The suite file that holds it, relative to the repository root. */
  readonly file: string;
}
