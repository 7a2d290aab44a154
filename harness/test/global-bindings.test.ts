/**
 * The jest transformer that binds globals once per module (harness/jest/global-bindings.js):
 * wrapped code must behave exactly as the code it wraps.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS transformer, loaded as jest loads it
const { wrapModule, GLOBALS } = require('../jest/global-bindings.js') as { wrapModule(code: string): string; GLOBALS: string[] };

/** Runs `code` as jest runs a CommonJS module (`this` is module.exports) and returns its exports. */
function load(code: string): Record<string, unknown> {
  const module = { exports: {} as Record<string, unknown> };
  new Function('module', 'exports', code).call(module.exports, module, module.exports);
  return module.exports;
}

test('a module that declares its own Map, Buffer or String still loads and uses its own', () => {
  const code = '"use strict";\nclass Map { get() { return "mine"; } }\nconst Buffer = 7;\nlet String = "s";\nexports.v = [new Map().get(), Buffer, String];\n';
  expect(load(wrapModule(code)).v).toEqual(['mine', 7, 's']);
});

test('strict mode, top-level this and exports are those of the module', () => {
  const code = '"use strict";\nexports.strict = (function () { return this === undefined; })();\nexports.self = this === exports;\n';
  expect(load(wrapModule(code))).toMatchObject({ strict: true, self: true });
});

test('a global patched after the module loaded (Math.random, Date.now) is seen through the binding', () => {
  const mod = load(wrapModule('"use strict";\nexports.draw = () => Math.random();\nexports.now = () => Date.now();\n'));
  const random = Math.random;
  const now = Date.now;
  try {
    Math.random = () => 0.25;
    Date.now = () => 42;
    expect([(mod.draw as () => number)(), (mod.now as () => number)()]).toEqual([0.25, 42]);
  } finally {
    Math.random = random;
    Date.now = now;
  }
});

test('no line is added before the code, and a source map comment stays last', () => {
  const code = '"use strict";\nexports.a = 1;\n//# sourceMappingURL=data:application/json;base64,e30=';
  const out = wrapModule(code);
  expect(out.split('\n')[1]).toBe('exports.a = 1;');
  expect(out.trimEnd().split('\n').pop()).toBe('//# sourceMappingURL=data:application/json;base64,e30=');
  expect(load(out).a).toBe(1);
});

test('every bound name is a global of this context, and undefined is undefined', () => {
  const mod = load(wrapModule(`"use strict";\nexports.seen = [${GLOBALS.map((g) => `typeof ${g}`).join(', ')}];\nexports.u = undefined;\n`));
  expect(mod.u).toBeUndefined();
  const missing = GLOBALS.filter((g, i) => g !== 'undefined' && (mod.seen as string[])[i] === 'undefined');
  expect(missing).toEqual([]);
});
