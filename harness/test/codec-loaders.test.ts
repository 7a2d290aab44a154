/**
 * The tree's protobuf codec gives plain numbers for uint64 fields however the code is loaded:
 * by jest (CommonJS, statements in order) and by tsx or any ES-module loader, which evaluates a
 * module's imports before its body. A codec that switched Long off in its own body would be too
 * late there: the generated code makes each message's defaults when it loads, and an absent
 * uint64 field (a RaftRequestHeader without a term) would read as a Long zero, which the store
 * takes for a stale term ("stale command" for every request, seen under tsx).
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { raft_cmdpb } from '@target/proto/codec';

const root = path.resolve(__dirname, '../..');

/** What `typeof` says of an absent uint64 field and a decoded one, in a child loaded as `loader` loads it. */
function typesUnder(loaderArgs: string[]): string {
  const codec = JSON.stringify(require.resolve('@target/proto/codec'));
  const script = `
    import codec from ${codec};
    const { raft_cmdpb } = codec;
    const empty = raft_cmdpb.RaftCmdRequest.decode(raft_cmdpb.RaftCmdRequest.encode({ header: { regionId: 1 } }).finish());
    const set = raft_cmdpb.RaftCmdRequest.decode(raft_cmdpb.RaftCmdRequest.encode({ header: { regionId: 1, term: 7 } }).finish());
    console.log(typeof empty.header.term, typeof set.header.term, typeof empty.header.regionId);`;
  const r = spawnSync(process.execPath, [...loaderArgs, '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', timeout: 30_000 });
  if (r.status !== 0) throw new Error(`the child failed (exit ${r.status}): ${r.stderr}`);
  return r.stdout.trim();
}

test('in jest: an absent uint64 field is the number 0, a decoded one a number', () => {
  const empty = raft_cmdpb.RaftCmdRequest.decode(raft_cmdpb.RaftCmdRequest.encode({ header: { regionId: 1 } }).finish());
  expect([typeof empty.header?.term, empty.header?.term]).toEqual(['number', 0]);
});

test('under tsx (ES-module import order): absent and decoded uint64 fields are numbers, not Long', () => {
  expect(typesUnder(['--import', 'tsx'])).toBe('number number number');
});
