/**
 * Switches protobufjs's `Long` support off, so that uint64 fields decode as plain JavaScript
 * numbers (exact up to 2^53, far beyond any term, index or id of this lab).
 *
 * It is its own module, imported by codec.ts before the generated code, because the generated
 * code reads the setting when it loads: each message's defaults (`Message.prototype.term`) are
 * made then, as `Long` zeros if Long is still on. Statements in codec.ts itself would run too
 * late wherever imports are evaluated before the module's body (ES modules, tsx, bundlers); an
 * import of its own runs first everywhere.
 */
import * as protobuf from 'protobufjs/minimal';

protobuf.util.Long = undefined as unknown as typeof protobuf.util.Long;
protobuf.configure();
