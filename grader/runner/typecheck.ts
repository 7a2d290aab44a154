/**
 * Does the tree under test compile? The graded runs only transpile (ts-jest, transpile-only),
 * so a type error would otherwise go unnoticed, and a syntax error would surface as "the
 * suite could not run" in every file. TinyKV's Go code must compile to be graded; so must
 * ours: the grader type-checks every .ts file of the tree (its own test files left out) with
 * the project's compiler options, and a tree with errors scores 0, with the errors shown.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { ROOT } from './spawn';

/** The verdict on a tree. */
export type CompileResult =
  | { readonly ok: true; readonly files: number }
  | { readonly ok: false; readonly files: number; readonly errors: readonly string[] };

/** The .ts files of a tree, sorted: node_modules and test files left out. */
export function treeSources(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules' && !e.name.startsWith('.')) walk(full);
      } else if (e.isFile() && e.name.endsWith('.ts') && !/\.(test|spec)\.ts$/.test(e.name)) {
        out.push(full);
      }
    }
  };
  walk(dir);
  return out.sort();
}

/** The compiler options for a tree: the project's, with modules found in the grader's node_modules. */
export function treeCompilerOptions(root = ROOT): ts.CompilerOptions {
  const file = path.join(root, 'tsconfig.base.json');
  const read = ts.readConfigFile(file, (p) => ts.sys.readFile(p));
  if (read.error !== undefined) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, root, undefined, file);
  return {
    ...parsed.options,
    noEmit: true,
    // A tree uses Node's types, not jest's; a tree outside the repository finds them (and
    // protobufjs) in the grader's node_modules.
    types: ['node'],
    typeRoots: [path.join(root, 'node_modules', '@types')],
    paths: { '*': [path.join(root, 'node_modules', '*'), path.join(root, 'node_modules', '@types', '*')] },
  };
}

/** One diagnostic as `file:line:col: error TSnnnn: message`, the file relative to the tree. */
export function formatDiagnostic(d: ts.Diagnostic, dir: string): string {
  const message = ts.flattenDiagnosticMessageText(d.messageText, '\n  ');
  if (d.file === undefined || d.start === undefined) return `error TS${d.code}: ${message}`;
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
  const rel = path.relative(dir, d.file.fileName).split(path.sep).join('/');
  return `${rel}:${line + 1}:${character + 1}: error TS${d.code}: ${message}`;
}

/** Type-checks a tree; errors in files outside it (library typings) are not counted. */
export function typecheckTree(dir: string, root = ROOT): CompileResult {
  const files = treeSources(dir);
  const program = ts.createProgram(files, treeCompilerOptions(root));
  const inside = (d: ts.Diagnostic): boolean => d.file === undefined || !path.relative(dir, d.file.fileName).startsWith('..');
  const errors = ts.getPreEmitDiagnostics(program)
    .filter((d) => d.category === ts.DiagnosticCategory.Error && inside(d))
    .map((d) => formatDiagnostic(d, dir));
  return errors.length === 0 ? { ok: true, files: files.length } : { ok: false, files: files.length, errors };
}
