/**
 * Unit tests of the given (non-lab) parts of raft's API: Config validation and RawNode.step's
 * guards. They run in `npm test` against solution/.
 */
import {
  Config, ErrStepLocalMsg, ErrStepPeerNotFound, MemoryStorage, MessageType, newConfState, newEntry, newHardState, newMessage, newRawNode,
  StateType, Storage, validateConfig,
} from '@target/raft';

function config(over: Partial<Config>): Config {
  return { id: 1, peers: [1, 2], electionTick: 10, heartbeatTick: 1, storage: new MemoryStorage(), ...over };
}

describe('validateConfig', () => {
  test.each([
    [{ id: 0 }, 'cannot use none as id'],
    [{ heartbeatTick: 0 }, 'heartbeat tick must be greater than 0'],
    [{ heartbeatTick: -1 }, 'heartbeat tick must be greater than 0'],
    [{ electionTick: 1, heartbeatTick: 1 }, 'election tick must be greater than heartbeat tick'],
    [{ storage: undefined as unknown as Storage }, 'storage cannot be nil'],
  ])('%j is rejected with "%s"', (over, message) => {
    expect(() => validateConfig(config(over))).toThrow(message);
  });

  test('a valid config passes', () => {
    expect(() => validateConfig(config({}))).not.toThrow();
  });
});

describe('RawNode.step', () => {
  test('refuses local messages', () => {
    const rn = newRawNode(config({}));
    for (const t of [MessageType.MsgHup, MessageType.MsgBeat]) {
      expect(() => rn.step(newMessage({ msgType: t, from: 2, to: 1 }))).toThrow(ErrStepLocalMsg);
    }
  });

  test('refuses a response from a node that is not a member', () => {
    const rn = newRawNode(config({}));
    expect(() => rn.step(newMessage({ msgType: MessageType.MsgAppendResponse, from: 9, to: 1 }))).toThrow(ErrStepPeerNotFound);
  });

  test('takes a request from a member', () => {
    const rn = newRawNode(config({}));
    expect(() => rn.step(newMessage({ msgType: MessageType.MsgHeartbeat, from: 2, to: 1, term: 1 }))).not.toThrow();
  });
});

describe('membership', () => {
  test('a node restarted without peers over a storage with no membership never elects itself', () => {
    const storage = new MemoryStorage();
    storage.append([newEntry({ index: 1, term: 1 })]);
    storage.setHardState(newHardState({ term: 1, commit: 1 }));
    const rn = newRawNode(config({ peers: [], storage }));
    rn.campaign();
    for (let i = 0; i < 100; i++) rn.tick();
    const st = rn.status();
    expect(st.softState.raftState).toBe(StateType.Follower);
    expect(st.hardState.term).toBe(1);
  });

  test('createSnapshot without a ConfState before any snapshot is a clear error', () => {
    const storage = new MemoryStorage();
    storage.append([newEntry({ index: 1, term: 1 }), newEntry({ index: 2, term: 1 })]);
    expect(() => storage.createSnapshot(1, null, new Uint8Array(0))).toThrow('the snapshot would have no members');
    storage.createSnapshot(1, newConfState({ nodes: [1, 2] }), new Uint8Array(0));
    expect(storage.createSnapshot(2, null, new Uint8Array(0)).metadata.confState.nodes).toEqual([1, 2]);
  });
});

describe('RawNode.status', () => {
  test('a leader reports its hard and soft state, applied and a copy of every member\'s progress', () => {
    const rn = newRawNode(config({ peers: [1] }));
    rn.campaign();
    const rd = rn.ready();
    rn.advance(rd);
    const st = rn.status();
    expect(st.id).toBe(1);
    expect(st.softState).toEqual({ lead: 1, raftState: StateType.Leader });
    expect(st.hardState).toEqual(newHardState({ term: 1, vote: 1, commit: 1 }));
    expect(st.applied).toBe(1);
    expect([...st.progress.keys()]).toEqual([1]);
    expect(st.progress.get(1)?.match).toBe(1);
    st.progress.get(1)!.match = 99;
    expect(rn.status().progress.get(1)?.match).toBe(1);
  });

  test('a follower reports no progress', () => {
    const rn = newRawNode(config({}));
    expect(rn.status().progress.size).toBe(0);
    expect(rn.status().softState.raftState).toBe(StateType.Follower);
  });
});
