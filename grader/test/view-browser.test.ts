/**
 * The trace viewer (`npm run view`) in a real browser: headless Chromium (Debian's `chromium`
 * package; .ci/run installs it) driven by playwright-core. The page is made from the trace of a
 * failing KV run (view-fixture.ts: a planted stale read, a partition, a crash and a restart) and
 * checked against that trace: a lane per store, an arrow for every message in view and a mark
 * for every drop, the state panel at a clicked time, the stuck operation highlighted, the
 * search, zoom and pan, and no console errors. Screenshots go to tmp/raftkv-view-screens/,
 * with the time from the page's start to its first drawing (timings.json).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Browser, chromium, Page } from 'playwright-core';
import { parseTrace, readTraceText, type LogEvent } from '../logs/read';
import { writeViewer } from '../view/cli';
import type { NetData, StateData, VerdictData } from '../../harness/sim/trace-data';
import { runStaleReadFixture } from './view-fixture';

const CHROMIUM = process.env.RAFTKV_CHROMIUM ?? '/usr/bin/chromium';
const SCREENS = path.resolve(__dirname, '..', '..', 'tmp', 'raftkv-view-screens');
/** The colour of the stuck operation's bar (page/colors.ts OP_COLORS). */
const STUCK_RGB = [0xe5, 0x38, 0x3b];

let dir = '';
let browser: Browser | null = null;
let page: Page;
let events: LogEvent[] = [];
const errors: string[] = [];

/** What the page's test hook (page/hook.ts) answers: `expr` is evaluated in the page with `v` the hook. */
function hook<T>(expr: string): Promise<T> {
  return page.evaluate(`(() => { const v = window.__viewer; if (v === undefined) throw new Error('no window.__viewer'); return (${expr}); })()`) as Promise<T>;
}

/** A drawn operation's rectangle. */
interface Rect { x: number; y: number; w: number; h: number }

/** Drawing counters (page/frame.ts). */
interface Stats { arrows: number; hiddenArrows: number; drops: number; lanes: number }

/** Virtual time as the page holds it (rounded to the microsecond). */
function ms(t: number): number {
  return Math.round(t * 1000) / 1000;
}

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`the viewer's browser tests need Chromium at ${CHROMIUM}, which is missing: install Debian's chromium: apt-get install chromium`);
  }
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'raftkv-view-'));
  const savedDir = process.env.RAFTKV_TRACE_DIR;
  process.env.RAFTKV_TRACE_DIR = dir;
  let trace: string | null;
  try {
    trace = (await runStaleReadFixture()).tracePath;
  } finally {
    if (savedDir === undefined) delete process.env.RAFTKV_TRACE_DIR;
    else process.env.RAFTKV_TRACE_DIR = savedDir;
  }
  if (trace === null) throw new Error('the fixture\'s failure names no trace file');
  events = parseTrace(readTraceText(`${trace}.jsonl.gz`)).events;
  const html = writeViewer(trace);
  fs.mkdirSync(SCREENS, { recursive: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, deviceScaleFactor: 1 });
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(pathToFileURL(html).href);
  await page.waitForFunction("document.body.dataset.state !== 'loading'", null, { timeout: 20_000 });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  if (dir !== '') fs.rmSync(dir, { recursive: true, force: true });
});

/** The trace's verdict (the checker found the fixture's history not linearizable). */
function verdict(): VerdictData {
  const v = events.find((e) => e.topic === 'sim' && e.data?.type === 'verdict')?.data as VerdictData | undefined;
  if (v === undefined) throw new Error('the fixture\'s trace has no verdict');
  return v;
}

/** The operation with history index i, from the trace. */
function op(i: number): { client: number; call: number; return: number | null } {
  const d = events.find((e) => e.data?.type === 'op' && e.data.index === i)?.data as { client: number; call: number; return: number | null } | undefined;
  if (d === undefined) throw new Error(`the trace has no operation #${i}`);
  return d;
}

/** What the state panel must show for `store` at time t, from the trace's own state and fault events. */
function expectedPanel(store: number, t: number): Record<string, string> {
  let state: StateData | null = null;
  let up = true;
  for (const e of events) {
    if (ms(e.t) > t || e.store !== store) continue;
    if (e.topic === 'state') state = e.data as unknown as StateData;
    if (e.topic === 'fault' && e.kind === 'stop') up = false;
    if (e.topic === 'fault' && e.kind === 'start') up = true;
  }
  if (state === null) throw new Error(`store ${store} has no state before ${t}`);
  return {
    status: `s${store}${up ? '' : ' (down)'}`, role: state.role, term: String(state.term), vote: String(state.vote), lead: String(state.lead),
    last: String(state.last ?? '?'), commit: String(state.commit), applied: String(state.applied),
    progress: (state.progress ?? []).map(([id, match, next]) => `${id}: ${match}/${next}`).join(', '),
  };
}

/** The state panel's cells, by store and field. */
async function panel(): Promise<Record<string, Record<string, string>>> {
  return page.evaluate(`(() => {
    const out = {};
    for (const td of document.querySelectorAll('#state-table td[data-store]')) {
      out[td.dataset.store] ??= {};
      out[td.dataset.store][td.dataset.field] = td.textContent;
    }
    return out;
  })()`) as Promise<Record<string, Record<string, string>>>;
}

/** Clicks the canvas at time t in the lane of `store`; returns the cursor's time after the click. */
async function clickAt(t: number, store: number): Promise<number> {
  const box = await page.locator('#base').boundingBox();
  if (box === null) throw new Error('the canvas is not on the page');
  const x = await hook<number>(`v.timeToX(${t})`);
  const y = await hook<number>(`v.laneY(${store})`);
  if (!(x > 0 && x < box.width)) throw new Error(`time ${t} is not in view (x = ${x})`);
  await page.mouse.click(box.x + x, box.y + y);
  return hook<number>('v.cursor()');
}

/** The messages of the trace that the view [t0, t1] shows as arrows, and the drops it marks. */
function messagesInView(t0: number, t1: number): { arrows: number; drops: number } {
  const byId = new Map<number, { sent: number; end: number; filtered: boolean; lost: boolean }>();
  for (const e of events) {
    const d = e.data as unknown as NetData | undefined;
    if (e.topic !== 'net' || d === undefined) continue;
    if (d.form === 'send') byId.set(d.id, { sent: ms(d.leave ?? e.t), end: ms(d.arrive ?? e.t), filtered: false, lost: false });
    else if (d.form === 'filtered') byId.set(d.id, { sent: ms(e.t), end: ms(e.t), filtered: true, lost: false });
    else {
      const m = byId.get(d.id);
      if (m !== undefined) Object.assign(m, { end: ms(e.t), lost: d.form === 'lost' });
    }
  }
  let arrows = 0;
  let drops = 0;
  for (const m of byId.values()) {
    if (m.sent > t1 || m.end < t0) continue;
    if (!m.filtered) arrows++;
    if (m.filtered || m.lost) drops++;
  }
  return { arrows, drops };
}

test('the page draws without console errors: one lane per store, and it says when it was drawn', async () => {
  expect(await page.evaluate('document.body.dataset.state')).toBe('drawn');
  expect(await hook('v.lanes()')).toEqual([1, 2, 3]);
  expect(await hook('v.stats().lanes')).toBe(3);
  const drawnAt = await hook<number>('v.drawnAt');
  expect(await page.evaluate("performance.getEntriesByName('drawn').length")).toBe(1);
  await page.screenshot({ path: path.join(SCREENS, 'overview.png'), fullPage: true });
  fs.writeFileSync(path.join(SCREENS, 'timings.json'), `${JSON.stringify({ events: events.length, drawnAtMs: drawnAt }, null, 2)}\n`);
  expect(errors).toEqual([]);
});

test('every message in view is drawn as an arrow, and every drop is marked', async () => {
  const [t0, t1] = await hook<[number, number]>('v.view()');
  const want = messagesInView(t0, t1);
  expect(want.arrows).toBeGreaterThan(0);
  expect(want.drops).toBeGreaterThan(0);
  const stats = await hook<Stats>('v.stats()');
  expect(stats.hiddenArrows).toBe(0);
  expect({ arrows: stats.arrows, drops: stats.drops }).toEqual(want);
});

test('the stuck operation is highlighted, and "show it" zooms to it', async () => {
  const v = verdict();
  expect(v.result).toBe('illegal');
  await expect(page.locator('#verdict').textContent()).resolves.toContain('NOT linearizable');
  expect(await hook('v.stuck()')).toBe(v.stuck);
  await page.click('#show-stuck');
  const stuck = op(v.stuck ?? -1);
  const [t0, t1] = await hook<[number, number]>('v.view()');
  expect(t0 <= stuck.call && (stuck.return ?? Infinity) <= t1).toBe(true);
  expect(await page.locator('#op-box table').getAttribute('data-op')).toBe(String(v.stuck));
  await expect(page.locator('#op-box').textContent()).resolves.toContain('stuck');
  const rect = await hook<Rect | null>(`v.opRect(${v.stuck ?? -1})`);
  expect(rect).not.toBeNull();
  const x = Math.round((rect?.x ?? 0) + (rect?.w ?? 0) / 2);
  const y = Math.round((rect?.y ?? 0) + 2);
  const pixel = await page.evaluate(`[...document.getElementById('base').getContext('2d').getImageData(${x}, ${y}, 1, 1).data]`) as number[];
  expect(pixel.slice(0, 3)).toEqual(STUCK_RGB);
  await page.screenshot({ path: path.join(SCREENS, 'stuck-operation.png'), fullPage: true });
});

test('a click puts the cursor there, and the state panel shows every store\'s state then, as the trace says', async () => {
  const v = verdict();
  const prefix = v.prefix ?? [];
  const last = op(prefix[prefix.length - 1]);
  const stuck = op(v.stuck ?? -1);
  await hook(`v.show(${last.call - 20}, ${(stuck.return ?? stuck.call) + 20})`);
  const t = await clickAt((last.call + (last.return ?? last.call)) / 2, 1);
  expect(Math.abs(t - (last.call + (last.return ?? last.call)) / 2)).toBeLessThan(1);
  const cells = await panel();
  for (const store of [1, 2, 3]) expect(cells[String(store)]).toEqual(expectedPanel(store, t));
  expect(Object.values(cells).filter((c) => c.role === 'leader')).toHaveLength(1);

  // Just after a leader appended an entry it has not committed yet: its last index and commit differ there.
  const states = events.filter((e) => e.topic === 'state');
  const k = states.findIndex((e, i) => {
    const d = e.data as unknown as StateData;
    const next = states.slice(i + 1).find((n) => n.store === e.store);
    return d.last !== undefined && d.last > d.commit && next !== undefined && next.t - e.t > 0.2;
  });
  if (k < 0) throw new Error('the fixture\'s trace has no state with last > commit');
  const e = states[k];
  await hook(`v.show(${e.t - 2}, ${e.t + 2})`);
  const between = await clickAt(e.t + 0.1, e.store ?? 1);
  expect(between).toBeGreaterThanOrEqual(ms(e.t));
  const busy = await panel();
  for (const store of [1, 2, 3]) expect(busy[String(store)]).toEqual(expectedPanel(store, between));

  // During the crash of a store, its row says it is down.
  const stop = events.find((e) => e.topic === 'fault' && e.kind === 'stop');
  const start = events.find((e) => e.topic === 'fault' && e.kind === 'start' && e.store === stop?.store && e.t > (stop?.t ?? 0));
  if (stop === undefined || start === undefined || stop.store === null) throw new Error('the fixture\'s trace has no crash and restart');
  await hook('v.show(-1e9, 1e9)');
  const during = await clickAt((stop.t + start.t) / 2, stop.store);
  const down = await panel();
  expect(down[String(stop.store)]).toEqual(expectedPanel(stop.store, during));
  expect(down[String(stop.store)].status).toBe(`s${stop.store} (down)`);
  await page.screenshot({ path: path.join(SCREENS, 'cursor-in-crash.png'), fullPage: true });
});

test('the search finds the events whose text has the words, and lists them', async () => {
  const want = events.filter((e) => `${e.kind} ${e.message}`.toLowerCase().includes('msgrequestvote ')).length;
  expect(want).toBeGreaterThan(0);
  await page.fill('#search', 'MsgRequestVote ');
  await page.press('#search', 'Enter');
  await expect(page.locator('#search-count').textContent()).resolves.toBe(`${want} matches`);
  expect(await page.locator('#search-list li').count()).toBe(Math.min(want, 300));
});

test('the wheel zooms about the pointer, the buttons zoom and fit, dragging pans', async () => {
  await page.click('#zoom-fit');
  const [a0, a1] = await hook<[number, number]>('v.view()');
  const box = await page.locator('#base').boundingBox();
  if (box === null) throw new Error('the canvas is not on the page');
  await page.mouse.move(box.x + box.width / 2, box.y + 60);
  await page.mouse.wheel(0, -400);
  const [b0, b1] = await hook<[number, number]>('v.view()');
  expect(b1 - b0).toBeLessThan((a1 - a0) * 0.8);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 - 200, box.y + 60, { steps: 4 });
  await page.mouse.up();
  const [c0, c1] = await hook<[number, number]>('v.view()');
  expect(c0).toBeGreaterThan(b0);
  expect(c1 - c0).toBeCloseTo(b1 - b0, 6);
  await page.click('#zoom-out');
  expect(await hook<number>('v.view()[1] - v.view()[0]')).toBeGreaterThan(c1 - c0);
  await page.click('#zoom-fit');
  expect(await hook('v.view()')).toEqual([a0, a1]);
  expect(errors).toEqual([]);
});
