// @ts-check
/**
 * A jest transformer that makes code run at plain-Node speed inside jest.
 *
 * Jest runs every test file in its own `vm` context. In such a context each read of a global
 * (`Math`, `String`, `Uint8Array`, `Map`...) goes through the context's interceptor, which is
 * 10 to 50 times slower than in a plain Node process: a KV test that takes 2 s as plain Node
 * took 8 s under jest, most of it in lookups like `String.fromCharCode` and `Math.floor`.
 *
 * This transformer wraps each module's compiled code so that those globals are read once, when
 * the module loads, and are local bindings afterwards:
 *
 *     (function (Math, String, ...) { return function () { <module code> }; })(Math, String, ...).call(this);
 *
 * The objects are the very same (the context's own `Math` and so on), so nothing changes but
 * the speed: `Math.random = ...` and `Date.now = ...` patch the shared object and are seen
 * everywhere, as before (the simulator's virtual globals work that way). The module's code is
 * the body of the inner function, so a module that declares its own `Map` or `Buffer` simply
 * shadows the binding, as it would shadow the global. The wrapper adds nothing before the first
 * line's code and no line, so line numbers in stack traces stay right.
 *
 * Used two ways (jest.config.js): `{ inner: 'ts-jest', ...tsJestOptions }` for TypeScript
 * (ts-jest transpiles, then the code is wrapped), and with no `inner` for plain JavaScript (the
 * generated protobuf code and a few hot dependencies).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- jest loads transformers with require()
const crypto = require('node:crypto');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
const fs = require('node:fs');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
const path = require('node:path');

/** This file's own text: part of every cache key, so a change here is never served stale from jest's cache. */
const SELF = fs.readFileSync(__filename, 'utf8');

/**
 * The globals bound once per module. Only objects that are patched in place, never replaced
 * wholesale, belong here (timers and `console` are left alone: jest swaps those per test file
 * or with fake timers).
 */
const GLOBALS = [
  'Array', 'ArrayBuffer', 'BigInt', 'Boolean', 'Buffer', 'DataView', 'Date', 'Error', 'Float64Array', 'Infinity',
  'Int32Array', 'JSON', 'Map', 'Math', 'NaN', 'Number', 'Object', 'Promise', 'RangeError', 'Reflect', 'Set',
  'String', 'Symbol', 'TextDecoder', 'TextEncoder', 'TypeError', 'Uint32Array', 'Uint8Array', 'WeakMap', 'WeakSet',
  'globalThis', 'performance', 'undefined',
];

const PARAMS = GLOBALS.join(', ');
/** `undefined` is passed as `void 0`; every other name as itself (read in the module's context). */
const ARGS = GLOBALS.map((g) => (g === 'undefined' ? 'void 0' : `typeof ${g} === 'undefined' ? void 0 : ${g}`)).join(', ');
const PREFIX = `(function (${PARAMS}) { return function () {`;
const SUFFIX = `\n}; })(${ARGS}).call(this);\n`;
const SOURCE_MAP_COMMENT = /\n\/\/# sourceMappingURL=[^\n]*\s*$/;

/**
 * Wraps compiled module code (see the file comment). A trailing `//# sourceMappingURL=` comment
 * stays last, where tools look for it.
 * @param {string} code
 * @returns {string}
 */
function wrapModule(code) {
  const m = SOURCE_MAP_COMMENT.exec(code);
  const body = m === null ? code : code.slice(0, m.index);
  const comment = m === null ? '' : m[0];
  return `${PREFIX}${body}${SUFFIX}${comment.replace(/^\n/, '')}`;
}

/**
 * @typedef {{ code: string, map?: unknown }} Transformed
 * @typedef {{ process(src: string, file: string, options: unknown): Transformed | string,
 *   getCacheKey?(src: string, file: string, options: unknown): string }} InnerTransformer
 */

/**
 * The version of an installed package, read from its package.json (cheap: no code is loaded).
 * @param {string} name
 * @returns {string}
 */
function packageVersion(name) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
  return /** @type {{ version: string }} */ (require(`${name}/package.json`)).version;
}

/**
 * @param {{ inner?: string, tsconfig?: string } & Record<string, unknown>} [config]
 */
function createTransformer(config = {}) {
  const { inner: innerName, ...innerConfig } = config;
  if (innerName !== undefined && innerName !== 'ts-jest') throw new Error(`global-bindings: unknown inner transformer ${innerName}`);
  /** @type {InnerTransformer | null} */
  let inner = null;
  /**
   * ts-jest, created on the first file that is not in jest's cache. Creating it loads the
   * TypeScript compiler (a few hundred ms), which a run whose files are all cached never needs.
   * @returns {InnerTransformer}
   */
  const tsJest = () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
    inner ??= /** @type {{ default: { createTransformer(c: unknown): InnerTransformer } }} */ (require('ts-jest')).default
      .createTransformer(innerConfig);
    return inner;
  };
  /**
   * Everything the output depends on besides the file itself: this wrapper, the inner
   * transformer's options and versions, and the tsconfig it reads (a self-contained file).
   */
  let settingsKey = `${SELF}\0${JSON.stringify(innerConfig)}\0`;
  if (innerName === 'ts-jest') {
    const tsconfig = typeof innerConfig.tsconfig === 'string' ? innerConfig.tsconfig : null;
    settingsKey += `ts-jest ${packageVersion('ts-jest')} typescript ${packageVersion('typescript')}\0`;
    settingsKey += tsconfig === null ? '' : fs.readFileSync(tsconfig.replace('<rootDir>', path.resolve(__dirname, '..', '..')), 'utf8');
  }
  return {
    canInstrument: false,
    /**
     * @param {string} src
     * @param {string} file
     * @param {unknown} options
     * @returns {Transformed}
     */
    process(src, file, options) {
      if (innerName === undefined) return { code: wrapModule(src) };
      const out = tsJest().process(src, file, options);
      return typeof out === 'string' ? { code: wrapModule(out) } : { ...out, code: wrapModule(out.code) };
    },
    /**
     * Our own key, so that a run whose files are all cached never loads ts-jest or TypeScript.
     * @param {string} src
     * @param {string} file
     * @param {{ instrument?: boolean }} options
     * @returns {string}
     */
    getCacheKey(src, file, options) {
      return crypto.createHash('sha1').update(settingsKey).update(`${file}\0${options.instrument === true}\0`).update(src).digest('hex');
    },
  };
}

module.exports = { createTransformer, wrapModule, GLOBALS };
