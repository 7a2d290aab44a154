/**
 * Unit tests of the given (non-lab) parts of raft's API: Config validation and RawNode.step's
 * guards. They run in `npm test` against solution/.
 */
import {
  Config, ErrStepLocalMsg, ErrStepPeerNotFound, MemoryStorage, MessageType, newMessage, newRawNode, Storage, validateConfig,
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
