/**
 * LmdbEngine: the durable engine, on LMDB through the npm package `lmdb` (lmdb-js), which
 * ships prebuilt binaries, so it installs with no compiler.
 *
 * LMDB is a B+ tree in one memory-mapped file, with one writer at a time and any number of
 * readers, each reader seeing the tree as it was when its read transaction began (MVCC).
 * Keys and values are raw bytes (keyEncoding and encoding 'binary'); keys are ordered by
 * memcmp, which is unsigned byte-wise order, as the Engine interface asks. Column families are
 * key prefixes (cf.ts), all in LMDB's main database.
 *
 * Durability: write() runs the batch in one synchronous LMDB write transaction
 * (`transactionSync`) and returns after LMDB's commit, which writes the pages and syncs the
 * file (fdatasync on Linux: one per batch, checked with strace). lmdb-js's `overlappingSync`
 * (on by default, off here) would return before the flush. So what write() returned is on
 * disk, and a crash keeps all of a batch or none of it. The price is one disk sync per batch:
 * batch your writes. (`open(dir, { sync: false })` skips the sync, for the simulator only: a
 * simulated crash does not lose the machine's page cache, so there a sync buys nothing and
 * costs a disk round trip per batch.)
 *
 * Snapshots: snapshot() opens an LMDB read transaction (`useReadTransaction`): a consistent
 * view that later writes do not change. Each open snapshot that spans a write holds one of
 * LMDB's reader slots (126 by default) and keeps the pages it sees from being reused, so
 * release() it as soon as you are done.
 */
import { open, RootDatabase, Transaction } from 'lmdb';
import { checkBatch } from './bytes';
import { Bytes, Engine, EngineSnapshot, WriteBatch } from './engine';

/** Options of LmdbEngine.open. */
export interface LmdbOptions {
  /** Sync the file before write() returns (default true); see LmdbEngine.open. */
  sync?: boolean;
}

/** The database handle: binary keys, binary values. */
type Db = RootDatabase<Uint8Array, Uint8Array>;

/**
 * A plain Uint8Array over what lmdb returned (a Buffer it allocated for this read alone, so no
 * copy is needed). A plain array behaves like MemEngine's (Buffer's `slice` is a view).
 */
function plain(b: Uint8Array): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/** A read transaction of an LmdbEngine; see the file comment. */
class LmdbSnapshot implements EngineSnapshot {
  private txn: Transaction | null;

  constructor(
    private readonly db: Db,
    private readonly onRelease: (s: LmdbSnapshot) => void,
  ) {
    this.txn = db.useReadTransaction();
  }

  /** The value of `key` in the view, or undefined. */
  get(key: Bytes): Bytes | undefined {
    const transaction = this.live();
    if (key.length === 0) return undefined; // LMDB has no empty keys (and throws on one)
    const v = this.db.get(key, { transaction });
    return v === undefined ? undefined : plain(v);
  }

  /**
   * The entries with start <= key < end (end null: to the last key), lazily: an LMDB cursor
   * reads them as you iterate. Finish the iteration or leave it with `break` (which closes the
   * cursor).
   */
  *scan(start: Bytes, end: Bytes | null): IterableIterator<[Bytes, Bytes]> {
    const transaction = this.live();
    const range = this.db.getRange(end === null ? { start, transaction } : { start, end, transaction });
    for (const { key, value } of range) {
      if (this.txn === null) throw new Error('LmdbEngine: snapshot released during a scan');
      yield [plain(key), plain(value)];
    }
  }

  /** Ends the read transaction. Calling it again does nothing. */
  release(): void {
    if (this.txn === null) return;
    this.txn.done();
    this.txn = null;
    this.onRelease(this);
  }

  private live(): Transaction {
    if (this.txn === null) throw new Error('LmdbEngine: snapshot used after release() (or after the engine was closed)');
    return this.txn;
  }
}

/** The durable Engine on LMDB; see the file comment. Open one with `LmdbEngine.open(dir)`. */
export class LmdbEngine implements Engine {
  private readonly snapshots = new Set<LmdbSnapshot>();
  private closed = false;

  private constructor(
    private readonly db: Db,
    /** The folder of the database (data.mdb and lock.mdb). */
    readonly dir: string,
  ) {}

  /**
   * Opens (creating if needed) the database in folder `dir`. With `sync: false`, write()
   * returns once the batch is committed to LMDB's memory map, before the file is synced: a
   * process crash keeps it, a power loss may not. The test bench uses that (its crashes are
   * simulated); a real store keeps the default.
   */
  static open(dir: string, options: LmdbOptions = {}): LmdbEngine {
    const db = open<Uint8Array, Uint8Array>({
      path: dir,
      noSubdir: false, // dir is a folder, even if its name has a dot (lmdb's guess otherwise)
      keyEncoding: 'binary',
      encoding: 'binary',
      overlappingSync: false, // commit returns after the flush: see the file comment
      noSync: options.sync === false,
      cache: false,
    });
    return new LmdbEngine(db, dir);
  }

  /** The value of `key` (read from the latest committed state), or undefined if absent. */
  get(key: Bytes): Bytes | undefined {
    const db = this.open();
    if (key.length === 0) return undefined; // LMDB has no empty keys (and throws on one)
    const v = db.get(key);
    return v === undefined ? undefined : plain(v);
  }

  /**
   * Applies the batch in one LMDB write transaction and returns once it is on disk. All or
   * nothing: if an op fails, the transaction is aborted. An empty batch writes nothing.
   */
  write(batch: WriteBatch): void {
    const db = this.open();
    if (batch.isEmpty()) return;
    checkBatch('LmdbEngine', batch);
    db.transactionSync(() => {
      for (const op of batch.ops) {
        if (op.value === null) db.remove(op.key);
        else db.put(op.key, op.value);
      }
      // The callback must return nothing: if it returned a promise (db.put returns one), lmdb
      // would wait for it and commit later, holding the write lock past write()'s return.
    });
  }

  /** A consistent view of the committed state as it is now (a read transaction). */
  snapshot(): EngineSnapshot {
    const s = new LmdbSnapshot(this.open(), (x) => this.snapshots.delete(x));
    this.snapshots.add(s);
    return s;
  }

  /** Releases the snapshots still open and closes the database. Calling it again does nothing. */
  close(): void {
    if (this.closed) return;
    for (const s of [...this.snapshots]) s.release();
    this.closed = true;
    // With no asynchronous writes pending (this class makes none) lmdb closes at once; the
    // promise it returns is already settled.
    void this.db.close();
  }

  private open(): Db {
    if (this.closed) throw new Error(`LmdbEngine: ${this.dir} used after close()`);
    return this.db;
  }
}
