/**
 * The simulator's takeover of Math.random and Date.now, and the clean-up after a test that
 * jest abandoned with a simulation still running.
 */
import { installVirtualGlobals, restoreLeftoverVirtualGlobals } from '../sim/virtual-globals';

test('an installation is undone by its own undo, once', () => {
  const realNow = Date.now;
  const undo = installVirtualGlobals({ random: () => 0.5, now: () => 1234.7 });
  expect(Date.now()).toBe(1234);
  expect(Math.random()).toBe(0.5);
  undo();
  expect(Date.now).toBe(realNow);
  undo();
  expect(Date.now).toBe(realNow);
  expect(restoreLeftoverVirtualGlobals()).toBe(0);
});

test('leftover installations (a simulation never finished) are all undone, newest first', () => {
  const realNow = Date.now;
  const realRandom = Math.random;
  const undoOuter = installVirtualGlobals({ random: () => 0.1, now: () => 5 });
  installVirtualGlobals({ random: () => 0.2, now: () => 7 });
  expect(Date.now()).toBe(7);
  expect(restoreLeftoverVirtualGlobals()).toBe(2);
  expect(Date.now).toBe(realNow);
  expect(Math.random).toBe(realRandom);
  undoOuter(); // the abandoned simulation's own undo, if it ever runs, changes nothing
  expect(Date.now).toBe(realNow);
});
