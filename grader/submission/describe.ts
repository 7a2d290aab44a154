/**
 * What the grader found in an upload, told in the student's own terms: the folder or the
 * files they sent (paths relative to their upload), what was graded as their work, what was
 * missing (the skeleton's copy was graded instead), and what was not used and why. The same
 * lines go to the top of results.json and to the autograder's standard output.
 */
import { type TextStyle, code, prose } from '../report/markdown';
import type { Built } from './build';
import type { Listing } from './listing';
import type { Plan } from './locate';

/** The most names listed in one line; the rest are counted. */
export const MAX_LISTED = 12;

/** Names joined for a sentence, cut after MAX_LISTED with `and N more`. */
function list(names: readonly string[], style: TextStyle): string {
  const shown = names.slice(0, MAX_LISTED).map((n) => code(n, style));
  const more = names.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
}

/** A folder of the upload as the student sees it: `labs/`, or "your upload itself". */
function folder(root: string, style: TextStyle): string {
  return root === '' ? prose('the top of your upload', style) : code(`${root}/`, style);
}

/** What the upload holds, in a few names (for an upload with nothing of the lab in it). */
function contents(listing: Listing, style: TextStyle): string {
  if (listing.files.length === 0 && listing.links.length === 0) return prose('nothing', style);
  const tops = [...new Set([...listing.files, ...listing.links].map((f) => (f.includes('/') ? `${f.slice(0, f.indexOf('/'))}/` : f)))];
  return list(tops, style);
}

/** A line on the zip files of the upload that were not used (one inside another is not unpacked), if any. */
function zipHint(listing: Listing, built: Built, style: TextStyle): string[] {
  const zips = listing.files.filter((u) => /\.zip$/i.test(u) && built.unused.includes(u));
  if (zips.length === 0) return [];
  return [`${list(zips, style)}${prose(': a zip inside your upload is not unpacked. Upload that zip on its own (Gradescope unpacks the zip you upload), or what is in it.', style)}`];
}

/** Everything the report needs. */
export interface Findings {
  readonly listing: Listing;
  readonly plan: Plan;
  readonly built: Built;
  /** The lab files students write in (labWork in build.ts). */
  readonly work: readonly string[];
}

/** The lines that say what was graded (see the file comment); Markdown list items when `style` is md. */
export function describeUpload(f: Findings, style: TextStyle): string[] {
  const { listing, plan, built, work } = f;
  const t = (s: string): string => prose(s, style);
  const out: string[] = [];
  if (plan.kind === 'none') {
    out.push(`${t('No file of the lab was found in your upload, so nothing could be graded. Your upload held: ')}${contents(listing, style)}${t('.')}`);
    out.push(t('Upload your repository, your labs folder (or a zip of it), or the files you changed (such as raft.ts and log.ts).'));
    out.push(...zipHint(listing, built, style));
    return out.map((l) => `- ${l}`);
  }
  if (plan.kind === 'tree') {
    const relative = plan.root === '' ? '' : '; the paths below are inside it';
    out.push(`${t('Graded the lab in ')}${folder(plan.root, style)}${t(` (${plan.matched} of the lab's files found there, at their places)${relative}.`)}`);
    if (plan.otherRoots.length > 0) {
      out.push(`${t('Also found lab files in ')}${list(plan.otherRoots.map((r) => (r === '' ? './' : `${r}/`)), style)}${t(': not graded. Upload one copy of the lab.')}`);
    }
  } else {
    out.push(t('Your upload is loose files: each one went where the skeleton has a file of that name.'));
    for (const p of plan.placed) out.push(`${code(p.from, style)} ${t('->')} ${code(p.to, style)}`);
    for (const a of plan.ambiguous) {
      out.push(`${code(a.from, style)}${t(': not used, the name is ambiguous (the lab has ')}${list(a.candidates, style)}${t('). Put it in its folder, as in ')}${code(a.candidates[0], style)}${t(', and upload again.')}`);
    }
    for (const d of plan.duplicates) out.push(`${code(d.from, style)}${t(': not used, ')}${code(d.used, style)}${t(' went to the same place.')}`);
  }
  const changedWork = built.changed.filter((c) => work.includes(c));
  if (built.changed.length === 0) {
    out.push(t('None of your files differ from the skeleton: is this the copy you worked in?'));
  } else {
    const others = built.changed.length - changedWork.length;
    out.push(`${t('Your work (files that differ from the skeleton): ')}${list(changedWork, style)}${changedWork.length === 0 ? t('none of the files with a lab region') : ''}${others > 0 ? t(`, and ${others} other changed or new file${others === 1 ? '' : 's'}`) : ''}${t('.')}`);
  }
  const missingWork = built.missing.filter((m) => work.includes(m));
  if (missingWork.length > 0) {
    out.push(`${t('Not in your upload, so the skeleton\'s copy was graded (its tests fail with "not implemented"; fine for a file this assignment does not grade): ')}${list(missingWork, style)}${t('.')}`);
  }
  const otherMissing = built.missing.length - missingWork.length;
  if (plan.kind === 'tree' && otherMissing > 0) {
    out.push(t(`${otherMissing} other lab file${otherMissing === 1 ? ' was' : 's were'} not in your upload; the skeleton's ${otherMissing === 1 ? 'was' : 'were'} used.`));
  }
  const placedOrSkipped = new Set(plan.kind === 'loose' ? [...plan.ambiguous.map((a) => a.from), ...plan.duplicates.map((d) => d.from)] : []);
  const unused = built.unused.filter((u) => !placedOrSkipped.has(u));
  if (unused.length > 0) {
    const why = plan.kind === 'tree'
      ? t(plan.root === '' ? ' (not lab files).' : ` (everything outside ${plan.root}/ is ignored: the grader uses its own suites and harness).`)
      : t(' (no lab file has that name; a new file must go in its folder inside labs/, and then upload the labs folder).');
    out.push(`${t('Not used: ')}${list(unused, style)}${why}`);
  }
  out.push(...zipHint(listing, built, style));
  if (listing.links.length > 0) out.push(`${t('Not used (links are never followed): ')}${list(listing.links, style)}${t('.')}`);
  return out.map((l) => `- ${l}`);
}

/** The whole note: a heading line and the lines of describeUpload. */
export function uploadNote(f: Findings, style: TextStyle): string {
  const heading = style === 'md' ? '**Your submission**' : 'Your submission:';
  return [heading, '', ...describeUpload(f, style)].join('\n');
}
