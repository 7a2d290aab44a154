/**
 * SimDisk: a store's disk for snapshot files in the simulator, on a memfs volume. Writes go to
 * the volume at once but are durable only once fsynced (or renamed after an fsync): crash()
 * puts the volume back to its durable content, as a power loss would. The cluster keeps one
 * SimDisk per store across restarts, like the engines.
 */
import { Volume } from 'memfs';
import type { SnapDisk } from '@target/kv/raftstore/runtime';

/** A simulated disk; see the file comment. */
export class SimDisk implements SnapDisk {
  private vol = new Volume();
  private readonly durable = new Map<string, Uint8Array>();

  private path(name: string): string {
    if (name.includes('/') || name === '' || name === '.' || name === '..') throw new Error(`SimDisk: bad file name "${name}"`);
    return `/${name}`;
  }

  /** Creates or replaces a file (not durable until fsync). */
  writeFile(name: string, data: Uint8Array): void {
    this.vol.writeFileSync(this.path(name), data);
  }

  /** The whole content of a file. */
  readFile(name: string): Uint8Array {
    return new Uint8Array(this.vol.readFileSync(this.path(name)) as Buffer);
  }

  /** Makes the file's current content durable. */
  fsync(name: string): void {
    this.durable.set(name, this.readFile(name));
  }

  /** Renames a file; the new name is durable if the content was. */
  rename(from: string, to: string): void {
    this.vol.renameSync(this.path(from), this.path(to));
    const d = this.durable.get(from);
    this.durable.delete(from);
    if (d !== undefined) this.durable.set(to, d);
    else this.durable.delete(to);
  }

  /** Removes a file if it exists (durably). */
  unlink(name: string): void {
    if (this.exists(name)) this.vol.unlinkSync(this.path(name));
    this.durable.delete(name);
  }

  /** True if the file exists. */
  exists(name: string): boolean {
    return this.vol.existsSync(this.path(name));
  }

  /** The names of every file. */
  list(): string[] {
    return (this.vol.readdirSync('/') as string[]).map(String).sort();
  }

  /** A crash: everything that was not fsynced is gone. */
  crash(): void {
    this.vol = new Volume();
    for (const [name, data] of this.durable) this.vol.writeFileSync(this.path(name), data);
  }

  /** Total bytes of the files now on the disk. */
  usedBytes(): number {
    return this.list().reduce((n, f) => n + this.readFile(f).length, 0);
  }
}
