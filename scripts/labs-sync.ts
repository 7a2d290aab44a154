/**
 * `npm run labs:sync`: for maintainers. After changing solution/, rewrites labs/ so that it
 * is solution/ again everywhere outside regions, keeping the skeleton's own body of every
 * region (matched by its `// #region <PART>: <what>` line, in order). A region new in
 * solution/ gets a placeholder body that does not compile on purpose (`TODO: write the
 * skeleton's stub`), and is listed: write its TODO and stub by hand, then run labs:check.
 * Files that exist only in labs/ are listed, not deleted.
 *
 * Usage: tsx scripts/labs-sync.ts [labsDir solutionDir]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const OPEN = /^(\s*)\/\/ #region (.*)$/;
const CLOSE = /^\s*\/\/ #endregion$/;

/** The bodies of a file's regions, by their header, in order of appearance. */
export function regionBodies(text: string): Map<string, string[][]> {
  const out = new Map<string, string[][]>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = OPEN.exec(lines[i]);
    if (m === null) continue;
    const body: string[] = [];
    for (i++; i < lines.length && !CLOSE.test(lines[i]); i++) body.push(lines[i]);
    const list = out.get(m[2]) ?? [];
    list.push(body);
    out.set(m[2], list);
  }
  return out;
}

/**
 * solution's text with each region body replaced by the skeleton's body for the same header
 * (the n-th region with a header takes the n-th body with it). Returns the text and the
 * headers that had no skeleton body.
 */
export function mergeRegions(solutionText: string, labsText: string | null): { text: string; missing: string[] } {
  const bodies = labsText === null ? new Map<string, string[][]>() : regionBodies(labsText);
  const used = new Map<string, number>();
  const missing: string[] = [];
  const lines = solutionText.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    out.push(lines[i]);
    const m = OPEN.exec(lines[i]);
    if (m === null) continue;
    while (i + 1 < lines.length && !CLOSE.test(lines[i + 1])) i++;
    const n = used.get(m[2]) ?? 0;
    used.set(m[2], n + 1);
    const body = bodies.get(m[2])?.[n];
    if (body === undefined) {
      missing.push(m[2]);
      out.push(`${m[1]}TODO: write the skeleton's stub for this region`);
    } else {
      out.push(...body);
    }
  }
  return { text: out.join('\n'), missing };
}

function walk(dir: string, rel = ''): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = path.join(rel, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'generated') out.push(...walk(dir, r));
    } else {
      out.push(r);
    }
  }
  return out.sort();
}

function main(): void {
  const [labs, solution] = process.argv.length >= 4 ? process.argv.slice(2, 4) : ['labs', 'solution'];
  const solFiles = walk(solution);
  let changed = 0;
  for (const rel of solFiles) {
    const sol = fs.readFileSync(path.join(solution, rel), 'utf8');
    const labsPath = path.join(labs, rel);
    const old = fs.existsSync(labsPath) ? fs.readFileSync(labsPath, 'utf8') : null;
    const { text, missing } = mergeRegions(sol, old);
    for (const h of missing) console.log(`${rel}: new region "${h}": write its TODO and stub in labs/`);
    if (text !== old) {
      fs.mkdirSync(path.dirname(labsPath), { recursive: true });
      fs.writeFileSync(labsPath, text);
      changed++;
    }
  }
  const extra = walk(labs).filter((f) => !solFiles.includes(f));
  for (const f of extra) console.log(`${f}: only in labs/ (not deleted)`);
  console.log(`labs:sync: ${changed} file(s) rewritten from ${solution}/`);
}

if (require.main === module) main();
