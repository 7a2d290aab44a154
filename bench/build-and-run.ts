/**
 * `npm run bench`: compiles bench/ and solution/ with tsc (the same emitter ts-jest uses, so
 * the figures are those of plain CommonJS, not of a development loader), then runs
 * bench/index.js with the arguments given (`--json`, `--only NAME`).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..');
const out = path.join(root, 'node_modules', '.cache', 'raftkv-bench');

execFileSync(path.join(root, 'node_modules', '.bin', 'tsc'), ['-p', path.join(root, 'tsconfig.bench.json')], { stdio: 'inherit' });
// tsc does not copy the generated protobuf module (plain .js); the compiled codec needs it.
fs.cpSync(path.join(root, 'solution', 'proto', 'generated'), path.join(out, 'solution', 'proto', 'generated'), { recursive: true });
const r = spawnSync(process.execPath, [path.join(out, 'bench', 'index.js'), ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
