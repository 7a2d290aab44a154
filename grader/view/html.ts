/**
 * The viewer's HTML file: the page's TypeScript (page/) bundled into one script by esbuild,
 * its stylesheet, and the trace's data (view-data.ts, its number columns packed by
 * columns.ts) gzipped and base64-encoded, all inline in page/index.html. The file needs no server, no network and no fonts from elsewhere.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { buildSync } from 'esbuild';
import { packColumns } from './columns';
import type { ViewData } from './view-data';

const PAGE = path.join(__dirname, 'page');

/** The page's script: page/main.ts and what it imports, as one classic script. */
export function bundlePage(): string {
  const out = buildSync({
    entryPoints: [path.join(PAGE, 'main.ts')], bundle: true, write: false, format: 'iife', platform: 'browser',
    target: 'es2020', charset: 'utf8', legalComments: 'none', logLevel: 'silent',
  });
  return out.outputFiles[0].text;
}

/** Text that may sit in an HTML element's content: `<`, `>` and `&` escaped. */
function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Fills the template's `{{NAME}}` slots (each once), without reading `$` in the values as patterns. */
function fill(template: string, slots: Record<string, string>): string {
  let out = template;
  for (const [name, value] of Object.entries(slots)) out = out.split(`{{${name}}}`).join(value);
  return out;
}

/** The whole HTML file for `data`. */
export function renderHtml(data: ViewData): string {
  const template = fs.readFileSync(path.join(PAGE, 'index.html'), 'utf8');
  const style = fs.readFileSync(path.join(PAGE, 'style.css'), 'utf8');
  const packed = zlib.gzipSync(packColumns(data), { level: 6 }).toString('base64');
  // A script's text ends at the first `</script`; the bundle has none but strings could.
  const script = bundlePage().replace(/<\/script/gi, '<\\/script');
  return fill(template, { TITLE: escapeHtml(data.title), STYLE: style, DATA: packed, SCRIPT: script });
}
