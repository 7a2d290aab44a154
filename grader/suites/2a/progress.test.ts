/**
 * Project 2A, part 2AB: Progress, the leader's view of one follower's log, moves itself. These
 * tests are ours, not TinyKV's (TinyKV keeps match and next as bare fields); they follow
 * etcd's tracker/progress_test.go (TestProgressMaybeDecr, TestProgressUpdate) in our words.
 *
 * maybeUpdate(n) takes an acknowledgement, maybeDecrTo(rejected, hint) a rejection; each
 * returns false and changes nothing when the answer is no news (late, duplicated, or older
 * than what the follower acknowledged since), which is what keeps a reordering network from
 * pulling match back or sending the leader back over entries the follower holds.
 */
import { Progress } from '@target/raft';
import { expectEqual } from '../../../harness/raft/helpers';

/** match and next of a Progress, for one comparison. */
function mn(pr: Progress): { match: number; next: number } {
  return { match: pr.match, next: pr.next };
}

// An acknowledgement raises match and keeps next past it; one at or below match is no news.
test('TestProgressMaybeUpdateOnlyMovesForward2AB', () => {
  const cases: { n: number; want: boolean; match: number; next: number; why: string }[] = [
    { n: 1, want: false, match: 2, next: 5, why: 'below match: a late acknowledgement' },
    { n: 2, want: false, match: 2, next: 5, why: 'at match: a duplicated acknowledgement' },
    { n: 3, want: true, match: 3, next: 5, why: 'above match, below next: match moves, next stays (the leader already sent up to 4)' },
    { n: 4, want: true, match: 4, next: 5, why: 'just below next' },
    { n: 7, want: true, match: 7, next: 8, why: 'at or past next: next moves to just past it' },
  ];
  for (const c of cases) {
    const pr = new Progress(2, 5);
    const what = `maybeUpdate(${c.n}) on a progress with match 2, next 5 (${c.why})`;
    expectEqual(pr.maybeUpdate(c.n), c.want, `${what}: the result (true only when match moved)`);
    expectEqual(mn(pr), { match: c.match, next: c.next }, `${what}: match and next`);
  }
});

// A rejection at or below match is late: the follower acknowledged more since, so nothing
// changes (Students' Guide, bugs 15 and 17: a stale answer must not move the leader back).
test('TestProgressMaybeDecrToIgnoresStaleRejection2AB', () => {
  for (const rejected of [0, 2, 3]) {
    const pr = new Progress(3, 9);
    const what = `maybeDecrTo(${rejected}, 0) on a progress with match 3, next 9 (a rejection of an append at or below match)`;
    expectEqual(pr.maybeDecrTo(rejected, 0), false, `${what}: the result (false: the rejection is stale)`);
    expectEqual(mn(pr), { match: 3, next: 9 }, `${what}: match and next must not change`);
  }
});

// A genuine rejection moves next back to just past the follower's hint, but no further back
// than match + 1 (what the follower is known to hold) and no later than the rejected index.
test('TestProgressMaybeDecrToFollowsHint2AB', () => {
  const cases: { rejected: number; hint: number; next: number; why: string }[] = [
    { rejected: 8, hint: 5, next: 6, why: 'the follower may match up to 5: probe from 6' },
    { rejected: 8, hint: 7, next: 8, why: 'the follower may match up to 7: probe from 8' },
    { rejected: 8, hint: 20, next: 8, why: 'a hint past the rejected index: probe from the rejected index, no later' },
    { rejected: 8, hint: 0, next: 4, why: 'no hint: probe from match + 1' },
    { rejected: 8, hint: 2, next: 4, why: 'a hint below match: probe from match + 1, never below' },
    { rejected: 4, hint: 3, next: 4, why: 'rejected just past match' },
  ];
  for (const c of cases) {
    const pr = new Progress(3, 9);
    const what = `maybeDecrTo(${c.rejected}, ${c.hint}) on a progress with match 3, next 9 (${c.why})`;
    expectEqual(pr.maybeDecrTo(c.rejected, c.hint), true, `${what}: the result (true: the rejection is news, the leader probes again)`);
    expectEqual(mn(pr), { match: 3, next: c.next },
      `${what}: match and next (next = max(match + 1, min(rejected, hint + 1)); match never changes on a rejection)`);
  }
});
