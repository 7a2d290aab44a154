/**
 * The live progress of a grading run on a terminal: one cli-progress bar (tests finished out
 * of tests selected, elapsed time, failures so far), with the grader's lines printed above it.
 * When stdout is not a terminal there is no bar and lines are printed as they come.
 */
import { MultiBar, Presets, type SingleBar } from 'cli-progress';

/** What the session talks to while tests run. */
export interface Progress {
  /** Prints lines above the bar (or plainly, without a bar). */
  log(lines: readonly string[]): void;
  /** Sets how many tests have finished, and how many of them failed. */
  update(finished: number, failed: number): void;
  /** Removes the bar; lines printed after this go to stdout as usual. */
  stop(): void;
}

/** A progress display for `total` tests: a bar when `tty`, plain lines otherwise. */
export function createProgress(total: number, tty: boolean, label = 'tests'): Progress {
  if (!tty || total === 0) {
    return {
      log: (lines) => {
        if (lines.length > 0) console.log(lines.join('\n'));
      },
      update: () => undefined,
      stop: () => undefined,
    };
  }
  const multi = new MultiBar({
    format: ` {bar} {value}/{total} ${label} | {duration_formatted} | {failed} failed`,
    hideCursor: true,
    clearOnComplete: true,
    stopOnComplete: false,
    etaBuffer: 50,
    fps: 5,
    stream: process.stdout,
  }, Presets.shades_classic);
  const bar: SingleBar = multi.create(total, 0, { failed: 0 });
  let stopped = false;
  return {
    log: (lines) => {
      if (lines.length === 0) return;
      if (stopped) console.log(lines.join('\n'));
      else multi.log(`${lines.join('\n')}\n`);
    },
    update: (finished, failed) => {
      if (!stopped) bar.update(Math.min(finished, total), { failed });
    },
    stop: () => {
      if (stopped) return;
      stopped = true;
      // Lines given to log() wait for the next redraw: draw once more so none is lost.
      multi.update();
      multi.stop();
    },
  };
}
