/**
 * Project 2A, part 2AA: the vote's up-to-date check (Raft §5.4.1), which elections need from
 * the start. Ours, not TinyKV's: TinyKV tests it only in 2AB (TestVoter2AB,
 * TestLeaderElectionOverwriteNewerLogs2AB), so a 2AA grade said nothing about it.
 *
 * A voter grants its vote only to a candidate whose log is at least as up to date as its own:
 * the candidate's last term is higher, or the last terms are equal and the candidate's log is
 * at least as long.
 */
import { MemoryStorage, MessageType, None, StateType, newEntry, newHardState, newMessage } from '@target/raft';
import { newNetwork } from '../../../harness/raft/network';
import { drainMessages, expectEqual, newTestRaft, stateName } from '../../../harness/raft/helpers';
import { idxTerms } from '../../../harness/raft/fixtures';

const HINT = 'A voter must reject a candidate whose log is less up to date than its own: compare the last terms, '
  + 'then the last indexes (RaftLog.isUpToDate, Raft §5.4.1). Elections need it from 2AA on (docs/2a.md, Step 1).';

/** A MemoryStorage with entries 1..n of the given terms, persisted in `term`. */
function storageOf(terms: number[], term: number): MemoryStorage {
  const s = new MemoryStorage();
  s.append(terms.map((t, i) => newEntry({ index: i + 1, term: t })));
  s.setHardState(newHardState({ term }));
  return s;
}

// One voter, whose log ends at 3/2, asked by candidates with other logs in a higher term.
test('TestVoteRejectsLessUpToDateLog2AA', () => {
  const cases = [
    { name: 'the same last term (2) and a shorter log (2 entries)', index: 2, logTerm: 2, grant: false },
    { name: 'an older last term (1) and a longer log (5 entries)', index: 5, logTerm: 1, grant: false },
    { name: 'the same last term (2) and the same length (3)', index: 3, logTerm: 2, grant: true },
    { name: 'a newer last term (3) and a shorter log (1 entry)', index: 1, logTerm: 3, grant: true },
  ];
  for (const c of cases) {
    const r = newTestRaft(1, [1, 2, 3], 10, 1, storageOf([1, 2, 2], 2));
    r.step(newMessage({ msgType: MessageType.MsgRequestVote, from: 2, to: 1, term: 3, index: c.index, logTerm: c.logTerm }));
    const answers = drainMessages(r).filter((m) => m.msgType === MessageType.MsgRequestVoteResponse);
    expectEqual(answers.length, 1, `vote requests answered by node 1 (log 1/1 2/2 3/2) for a candidate with ${c.name}`);
    expectEqual(answers[0].reject, !c.grant,
      `reject in node 1's answer (log ending at 3/2) to a candidate in term 3 with ${c.name}: the vote must be `
      + `${c.grant ? 'granted' : 'refused'}. ${HINT}`);
    expectEqual(r.vote, c.grant ? 2 : None, `node 1's vote after a candidate with ${c.name} asked`);
  }
});

// In a group, a node whose log lacks entries the others hold cannot be elected; one that holds them can.
test('TestShorterLogLosesElection2AA', () => {
  const r1 = newTestRaft(1, [1, 2, 3], 10, 1, storageOf([1, 1, 1], 1));
  const r2 = newTestRaft(2, [1, 2, 3], 10, 1, storageOf([1, 1, 1], 1));
  const r3 = newTestRaft(3, [1, 2, 3], 10, 1, storageOf([1], 1));
  const nt = newNetwork(r1, r2, r3);

  nt.send(newMessage({ from: 3, to: 3, msgType: MessageType.MsgHup }));
  if (r3.state === StateType.Leader) {
    throw new Error('node 3 (log 1/1) became leader with votes from nodes 1 and 2, whose logs end at 3/1: '
      + `it would overwrite entries 2 and 3 that they hold. ${HINT}`);
  }
  nt.send(newMessage({ from: 1, to: 1, msgType: MessageType.MsgHup }));
  expectEqual(stateName(r1.state), stateName(StateType.Leader), 'state of node 1 (log ending at 3/1) after it campaigned');
  expectEqual(idxTerms(r3.raftLog.allEntries()).slice(0, 3), ['1/1', '2/1', '3/1'],
    'node 3\'s first entries once node 1 leads (the entries it lacked, replicated to it)');
});
