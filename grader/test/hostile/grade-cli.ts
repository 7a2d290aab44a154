/**
 * Runs the grader's CLI as a child process (as a student or Gradescope would) and collects
 * what it left: exit status, output, results.json and the JUnit XML.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GradescopeResults } from '../../report/gradescope';
import { ROOT } from './fixtures';

/** What one grader run left behind. */
export interface GradeRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** results.json, or null if the grader did not write it. */
  readonly json: GradescopeResults | null;
  /** The JUnit XML, or null. */
  readonly junit: string | null;
  readonly ms: number;
}

/**
 * Runs `npm run grade -- <args>` of the project in `project` (through tsx directly), with
 * --json and --junit into `outDir`, and TMPDIR set to `tmpDir` (the grader's private folders go
 * there, and nowhere a parallel run could see them). Resolves when the grader exits.
 */
export function gradeCli(project: string, args: readonly string[], outDir: string, tmpDir: string): Promise<GradeRun> {
  fs.mkdirSync(outDir, { recursive: true });
  fs.mkdirSync(tmpDir, { recursive: true });
  const json = path.join(outDir, 'results.json');
  const junit = path.join(outDir, 'junit.xml');
  const started = Date.now();
  const cli = [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(project, 'grader', 'cli.ts'), ...args, '--json', json, '--junit', junit];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, cli, {
      cwd: project, env: { ...process.env, TMPDIR: tmpDir, FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString('utf8'); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString('utf8'); });
    child.on('close', (status) => {
      const read = (f: string): string | null => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : null);
      const jsonText = read(json);
      resolve({
        status, stdout, stderr, json: jsonText === null ? null : JSON.parse(jsonText) as GradescopeResults, junit: read(junit), ms: Date.now() - started,
      });
    });
  });
}
