/**
 * The trace viewer's page: loads the trace's data from the page itself, draws it, wires the
 * controls, and marks the moment the first drawing is done (performance mark 'drawn', and
 * `window.__viewer`, the test hook). Any failure is shown on the page.
 */
import { wireControls } from './controls';
import { byId } from './dom';
import { installHook } from './hook';
import { loadData } from './load';
import { Viewer } from './viewer';

async function boot(): Promise<void> {
  const data = await loadData();
  performance.mark('loaded');
  document.title = `${data.title} — trace viewer`;
  byId('title').textContent = data.title;
  byId('source').textContent = [data.source, ...data.header.map((h) => h.replace(/^#\s*/, ''))].join(' · ')
    + (data.structured ? '' : ' · a text trace: fewer details (no leave times, no checker verdict)');
  const base = byId<HTMLCanvasElement>('base');
  const v = new Viewer(data, {
    wrap: byId('canvas-wrap'),
    base,
    overlay: byId<HTMLCanvasElement>('overlay'),
    stateTable: byId<HTMLTableElement>('state-table'),
    cursorTime: byId('cursor-time'),
    eventList: byId<HTMLOListElement>('event-list'),
    searchList: byId<HTMLOListElement>('search-list'),
    searchCount: byId('search-count'),
    opBox: byId('op-box'),
    verdictBox: byId('verdict'),
  });
  v.resize();
  v.setCursor(data.start);
  wireControls(v, base);
  performance.mark('drawn');
  installHook(v, performance.now());
  document.body.dataset.state = 'drawn';
}

boot().catch((e: unknown) => {
  const box = document.getElementById('error');
  if (box !== null) box.textContent = `The viewer could not show this trace: ${e instanceof Error ? e.message : String(e)}`;
  document.body.dataset.state = 'error';
  throw e;
});
