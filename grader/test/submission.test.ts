/**
 * Finding the lab in a submission (grader/submission/): every shape students send (their
 * repository, GitHub's Download ZIP, a zip of labs/ or of its contents, loose files), the
 * ambiguous names, what is left out, the tree built from the skeleton, and the report in the
 * student's own terms.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildTree, labWork } from '../submission/build';
import { describeUpload, uploadNote } from '../submission/describe';
import { listUpload } from '../submission/listing';
import { type Plan, locate } from '../submission/locate';

const ROOT = path.resolve(__dirname, '..', '..');
const SKELETON = path.join(ROOT, 'labs');
const LAB = listUpload(SKELETON).files;
const WORK = labWork(SKELETON, LAB);

/** The lab's files under a folder prefix. */
function under(prefix: string, files: readonly string[] = LAB): string[] {
  return files.map((f) => `${prefix}${f}`);
}

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'raftkv-submission-'));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Writes files (relative path -> content) under `dir`. */
function write(dir: string, files: Readonly<Record<string, string>>): void {
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
}

test('the skeleton: its lab files and the files students write in', () => {
  expect(LAB).toContain('raft/raft.ts');
  expect(LAB).toContain('proto/eraftpb.proto');
  expect(LAB.some((f) => f.includes('generated'))).toBe(false);
  expect(WORK).toEqual(['kv/raftstore/peer-msg-handler.ts', 'kv/raftstore/peer-storage.ts', 'raft/log.ts', 'raft/progress.ts', 'raft/raft.ts', 'raft/rawnode.ts']);
});

test.each([
  ['the repository (labs/ inside)', ['README.md', 'package.json', 'grader/cli.ts', 'harness/raft/helpers.ts', ...under('labs/')], 'labs'],
  ['GitHub\'s Download ZIP (one top folder)', ['raftkv-lab-main/README.md', ...under('raftkv-lab-main/labs/')], 'raftkv-lab-main/labs'],
  ['a zip of the labs folder (labs/ at the top)', under('labs/'), 'labs'],
  ['a zip of the labs folder\'s contents (raft/, kv/ at the top)', LAB, ''],
  ['only the raft folder', ['raft/raft.ts', 'raft/log.ts'], ''],
  ['a renamed copy, the most complete one wins', [...under('old/', ['raft/raft.ts']), ...under('mine/')], 'mine'],
])('a tree: %s', (_what, upload, root) => {
  const plan = locate(upload, LAB);
  expect(plan).toMatchObject({ kind: 'tree', root });
});

test('labs/ wins over any other copy, solution/ comes last', () => {
  const plan = locate([...under('solution/'), ...under('labs/', ['raft/raft.ts']), ...under('copy/')], LAB);
  expect(plan).toEqual({ kind: 'tree', root: 'labs', matched: 1, otherRoots: ['copy', 'solution'] });
  expect(locate([...under('solution/'), ...under('work/', ['raft/log.ts'])], LAB)).toMatchObject({ kind: 'tree', root: 'work' });
});

test('loose files go where the skeleton has their names; a folder around a file settles an ambiguous name', () => {
  const plan = locate(['raft.ts', 'log.ts', 'rawnode.ts', 'notes.txt', 'mine/raftstore/errors.ts', 'peer-storage.ts'], LAB);
  expect(plan).toEqual({
    kind: 'loose',
    placed: [
      { from: 'mine/raftstore/errors.ts', to: 'kv/raftstore/errors.ts' },
      { from: 'peer-storage.ts', to: 'kv/raftstore/peer-storage.ts' },
      { from: 'log.ts', to: 'raft/log.ts' },
      { from: 'raft.ts', to: 'raft/raft.ts' },
      { from: 'rawnode.ts', to: 'raft/rawnode.ts' },
    ],
    ambiguous: [],
    duplicates: [],
  });
});

test('an ambiguous name is not placed, and names its candidates; a second file for one place loses to the closest', () => {
  const plan = locate(['index.ts', 'errors.ts', 'raft.ts', 'backup/old/raft.ts'], LAB) as Extract<Plan, { kind: 'loose' }>;
  expect(plan.kind).toBe('loose');
  expect(plan.placed).toEqual([{ from: 'raft.ts', to: 'raft/raft.ts' }]);
  expect(plan.ambiguous.map((a) => a.from)).toEqual(['index.ts', 'errors.ts']);
  expect(plan.ambiguous[0].candidates).toEqual(expect.arrayContaining(['raft/index.ts', 'kv/engine/index.ts', 'kv/server/index.ts']));
  expect(plan.ambiguous[1].candidates).toEqual(['kv/raftstore/errors.ts', 'raft/errors.ts']);
  expect(plan.duplicates).toEqual([{ from: 'backup/old/raft.ts', used: 'raft.ts' }]);
});

test('nothing of the lab: none', () => {
  expect(locate(['report.pdf', 'src/main.go'], LAB)).toEqual({ kind: 'none' });
  expect(locate([], LAB)).toEqual({ kind: 'none' });
});

test('the listing leaves out archivers\' and tools\' leftovers and generated code, and never follows a link', () => {
  write(tmp, {
    'labs/raft/raft.ts': 'x', '__MACOSX/labs/raft/._raft.ts': 'x', 'labs/.DS_Store': 'x', 'labs/raft/._log.ts': 'x',
    'labs/proto/generated/proto.js': 'x', '.git/HEAD': 'x', 'labs/node_modules/a/index.js': 'x',
  });
  fs.symlinkSync('/etc/passwd', path.join(tmp, 'labs', 'raft', 'log.ts'));
  expect(listUpload(tmp)).toEqual({ files: ['labs/raft/raft.ts'], links: ['labs/raft/log.ts'] });
  expect(listUpload(path.join(tmp, 'nowhere'))).toEqual({ files: [], links: [] });
});

test('the built tree: the skeleton, the upload\'s changed files over it, identical ones kept with the skeleton\'s timestamps', () => {
  const upload = path.join(tmp, 'upload');
  const out = path.join(tmp, 'tree');
  const skeletonRaft = fs.readFileSync(path.join(SKELETON, 'raft', 'raft.ts'), 'utf8');
  write(upload, {
    'raftkv-lab-main/labs/raft/log.ts': '// my log\n',
    'raftkv-lab-main/labs/raft/raft.ts': skeletonRaft,
    'raftkv-lab-main/labs/raft/helpers.ts': '// a new file\n',
    'raftkv-lab-main/README.md': '# mine\n',
  });
  const listing = listUpload(upload);
  const plan = locate(listing.files, LAB);
  const built = buildTree(upload, listing, plan, SKELETON, LAB, out);
  expect(fs.readFileSync(path.join(out, 'raft', 'log.ts'), 'utf8')).toBe('// my log\n');
  expect(fs.readFileSync(path.join(out, 'raft', 'helpers.ts'), 'utf8')).toBe('// a new file\n');
  // Kept: the skeleton's timestamp (to the millisecond the file system keeps), not the time of the copy.
  expect(Math.abs(fs.statSync(path.join(out, 'raft', 'raft.ts')).mtimeMs - fs.statSync(path.join(SKELETON, 'raft', 'raft.ts')).mtimeMs)).toBeLessThan(1);
  expect(fs.readFileSync(path.join(out, 'kv', 'raftstore', 'peer-storage.ts'), 'utf8'))
    .toBe(fs.readFileSync(path.join(SKELETON, 'kv', 'raftstore', 'peer-storage.ts'), 'utf8'));
  expect(built.changed).toEqual(['raft/helpers.ts', 'raft/log.ts']);
  expect(built.used.map((u) => u.to)).toEqual(['raft/helpers.ts', 'raft/log.ts', 'raft/raft.ts']);
  expect(built.missing).toContain('raft/rawnode.ts');
  expect(built.missing).not.toContain('raft/raft.ts');
  expect(built.unused).toEqual(['raftkv-lab-main/README.md']);
  // Built again over the old tree: the tree is fresh.
  fs.writeFileSync(path.join(out, 'stale.ts'), 'x');
  buildTree(upload, listing, plan, SKELETON, LAB, out);
  expect(fs.existsSync(path.join(out, 'stale.ts'))).toBe(false);
});

test('an upload with nothing of the lab leaves the tree empty (the grader then reports that there is no tree)', () => {
  const upload = path.join(tmp, 'upload');
  write(upload, { 'essay.md': 'x' });
  const listing = listUpload(upload);
  const built = buildTree(upload, listing, locate(listing.files, LAB), SKELETON, LAB, path.join(tmp, 'tree'));
  expect(fs.readdirSync(path.join(tmp, 'tree'))).toEqual([]);
  expect(built.unused).toEqual(['essay.md']);
});

/** The report on an upload written to `tmp/upload`. */
function report(files: Readonly<Record<string, string>>): string[] {
  const upload = path.join(tmp, 'upload');
  write(upload, files);
  const listing = listUpload(upload);
  const plan = locate(listing.files, LAB);
  const built = buildTree(upload, listing, plan, SKELETON, LAB, path.join(tmp, 'tree'));
  return describeUpload({ listing, plan, built, work: WORK }, 'text');
}

test('the report, in the student\'s terms: the folder graded, their work, what was missing, what was not used', () => {
  const lines = report({ 'raftkv-lab-main/labs/raft/raft.ts': '// mine\n', 'raftkv-lab-main/labs/raft/log.ts': '// mine\n', 'raftkv-lab-main/notes.txt': 'x' });
  expect(lines).toEqual([
    '- Graded the lab in raftkv-lab-main/labs/ (2 of the lab\'s files found there, at their places); the paths below are inside it.',
    '- Your work (files that differ from the skeleton): raft/log.ts, raft/raft.ts.',
    '- Not in your upload, so the skeleton\'s copy was graded (its tests fail with "not implemented"; fine for a file this assignment does not grade): '
      + 'kv/raftstore/peer-msg-handler.ts, kv/raftstore/peer-storage.ts, raft/progress.ts, raft/rawnode.ts.',
    `- ${LAB.length - 6} other lab files were not in your upload; the skeleton's were used.`,
    '- Not used: raftkv-lab-main/notes.txt (everything outside raftkv-lab-main/labs/ is ignored: the grader uses its own suites and harness).',
  ]);
});

test('the report on loose files: where each went, the ambiguous one and what to do, the unknown ones', () => {
  const lines = report({ 'raft.ts': '// mine\n', 'index.ts': 'x', 'helper.ts': 'x' });
  expect(lines[0]).toBe('- Your upload is loose files: each one went where the skeleton has a file of that name.');
  expect(lines).toContain('- raft.ts -> raft/raft.ts');
  expect(lines.find((l) => l.startsWith('- index.ts'))).toMatch(/^- index\.ts: not used, the name is ambiguous \(the lab has .*raft\/index\.ts.*\)\. Put it in its folder, as in \S+, and upload again\.$/);
  expect(lines).toContain('- Not used: helper.ts (no lab file has that name; a new file must go in its folder inside labs/, and then upload the labs folder).');
});

test('a zip inside the upload is not unpacked, and the report says what to upload instead', () => {
  const lines = report({ 'raftkv-lab-main.zip': 'PK', 'readme.txt': 'x' });
  expect(lines[0]).toMatch(/^- No file of the lab was found in your upload/);
  expect(lines).toContain('- raftkv-lab-main.zip: a zip inside your upload is not unpacked. Upload that zip on its own (Gradescope unpacks the zip you upload), or what is in it.');
});

test('the report on an upload of the skeleton itself, and on an upload with nothing of the lab', () => {
  expect(report(Object.fromEntries(LAB.map((f) => [`labs/${f}`, fs.readFileSync(path.join(SKELETON, f), 'utf8')]))))
    .toContain('- None of your files differ from the skeleton: is this the copy you worked in?');
  fs.rmSync(path.join(tmp, 'upload'), { recursive: true, force: true });
  expect(report({ 'main.go': 'x', 'docs/a.md': 'x' })[0])
    .toBe('- No file of the lab was found in your upload, so nothing could be graded. Your upload held: docs/, main.go.');
});

test('the note in Markdown: file names in code spans, prose escaped', () => {
  const upload = path.join(tmp, 'upload');
  write(upload, { 'my_labs/raft/raft.ts': '// mine\n' });
  const listing = listUpload(upload);
  const plan = locate(listing.files, LAB);
  const built = buildTree(upload, listing, plan, SKELETON, LAB, path.join(tmp, 'tree'));
  const note = uploadNote({ listing, plan, built, work: WORK }, 'md');
  expect(note.startsWith('**Your submission**\n\n- Graded the lab in `my_labs/` \\(1 of the lab\'s files')).toBe(true);
  expect(note).toContain('`raft/raft.ts`');
});
