/**
 * The events' texts, kept as the one string the page was given (a line per event): where each
 * line starts is found once, a line is cut out only when shown, and a search scans the whole
 * string once instead of testing 200k small strings.
 */
import { upperBound } from './lookup';

/** See the file comment. */
export class EventText {
  /** Where each event's line starts in `all`. */
  private readonly starts: number[];
  private lower: string | null = null;

  constructor(private readonly all: string) {
    this.starts = [0];
    for (let i = all.indexOf('\n'); i >= 0; i = all.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  /** The number of events. */
  get length(): number {
    return this.starts.length;
  }

  /** Event i's text. */
  get(i: number): string {
    const end = i + 1 < this.starts.length ? this.starts[i + 1] - 1 : this.all.length;
    return this.all.slice(this.starts[i], end);
  }

  /** The event whose line holds position `pos` of the whole string. */
  private eventAt(pos: number): number {
    return upperBound(this.starts, pos) - 1;
  }

  /** The events whose text contains `needle`, in any case, in order. */
  find(needle: string): number[] {
    if (needle === '') return [];
    this.lower ??= this.all.toLowerCase();
    const q = needle.toLowerCase();
    const out: number[] = [];
    for (let pos = this.lower.indexOf(q); pos >= 0;) {
      const i = this.eventAt(pos);
      out.push(i);
      const next = i + 1 < this.starts.length ? this.starts[i + 1] : this.all.length;
      pos = this.lower.indexOf(q, next);
    }
    return out;
  }

  /** The events whose text matches `re` (its flags but g, m, y are kept), in order. */
  match(re: RegExp): number[] {
    const flags = `${re.flags.replace(/[gmy]/g, '')}gm`;
    const g = new RegExp(re.source, flags);
    const out: number[] = [];
    for (let m = g.exec(this.all); m !== null; m = g.exec(this.all)) {
      const i = this.eventAt(m.index);
      out.push(i);
      g.lastIndex = i + 1 < this.starts.length ? this.starts[i + 1] : this.all.length + 1;
      if (g.lastIndex > this.all.length) break;
    }
    return out;
  }
}
