/**
 * Lets plain node resolve `@target/...` in the compiled bench. Code in harness/ imports the
 * tree under test as `@target/...` (jest maps it with moduleNameMapper, tsc with the `paths`
 * of tsconfig.bench.json, but tsc leaves the specifier as it is in the output); here it is
 * mapped to the compiled solution/ next to the compiled bench/. bench/index.ts imports this
 * module first, so the mapping is in place before any harness module is loaded (in the
 * parent and in every benchmark child, which run the same file).
 */
import Module from 'node:module';
import * as path from 'node:path';

type ResolveFilename = (request: string, ...rest: unknown[]) => string;

const PREFIX = '@target/';
const solutionDir = path.join(__dirname, '..', 'solution');
const loader = Module as unknown as { _resolveFilename: ResolveFilename };
const resolve = loader._resolveFilename;

loader._resolveFilename = function resolveTarget(this: unknown, request: string, ...rest: unknown[]): string {
  const mapped = request.startsWith(PREFIX) ? path.join(solutionDir, request.slice(PREFIX.length)) : request;
  return resolve.call(this, mapped, ...rest);
};
