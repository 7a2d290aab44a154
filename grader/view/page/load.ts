/**
 * Reading the trace's data out of the page: the HTML file holds it packed (a JSON part and
 * binary number columns, see grader/view/columns.ts), gzipped and base64-encoded, in a
 * <script type="application/octet-stream" id="trace-data">; the browser's own
 * DecompressionStream unpacks it. No network is involved.
 */
import type { ViewData } from '../view-data';
import { unpack } from './columns';
import { byId } from './dom';

/** The page's data. */
export async function loadData(): Promise<ViewData> {
  const el = byId('trace-data');
  if (typeof DecompressionStream === 'undefined') {
    throw new Error('this browser cannot unpack the trace (no DecompressionStream); open the file in a current Chrome, Firefox or Safari');
  }
  const binary = atob((el.textContent ?? '').trim());
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return unpack(await new Response(stream).arrayBuffer()) as ViewData;
}
