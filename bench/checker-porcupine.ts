/**
 * `npx tsx bench/checker-porcupine.ts DIR [--only REGEX] [--max-states N] [--max-steps N] [--repeat N]`
 * runs our linearizability checker on Porcupine's test histories, for maintainers (see
 * docs/maintainers.md). DIR is a checkout of github.com/anishathalye/porcupine; its data is never
 * copied into this project. Prints, per history, our verdict beside Porcupine's known one (from
 * its porcupine_test.go), the CPU time and the search steps, then the totals. CPU time, not wall
 * time, so that a loaded machine gives about the same figures. Each history is checked `--repeat`
 * times (default 1: one check, as in a test) and the least time is printed. Exits 1 when a
 * verdict differs.
 *
 * The KV histories are checked twice, as Porcupine's tests do: partitioned by key (kvModel) and
 * as one partition (the whole store as the state; Porcupine's kvNoPartitionModel).
 *
 * `npx tsx bench/checker-porcupine.ts --write-logs OUT` instead writes the histories of the
 * checker/* benchmarks (bench/checker-large.ts) as Porcupine KV logs, OUT/<name>.txt, to time
 * Porcupine on them (docs/maintainers.md says how).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkOperations, CheckOptions, kvModel, Model, Operation } from '../harness/check';
import { CHECKER_BENCHES } from './checker-large';
import { generateKvHistory } from './checker-histories';
import { etcdModel, readEtcdLog, readKvLog, writeKvLog } from './checker-porcupine-logs';

/** One history with its known verdict. */
interface Case {
  readonly name: string;
  readonly expected: 'ok' | 'illegal';
  readonly run: (options: CheckOptions) => ReturnType<typeof checkOperations>;
}

function caseOf<S, I, O>(name: string, expected: 'ok' | 'illegal', model: Model<S, I, O>,
  history: Operation<I, O>[]): Case {
  return { name, expected, run: (options) => checkOperations(model, history, options) as ReturnType<typeof checkOperations> };
}

/** The KV cases (Porcupine's TestKv* and TestKvNoPartition*) and the etcd cases (TestEtcdJepsen*). */
export function porcupineCases(dir: string): Case[] {
  const cases: Case[] = [];
  const kvDir = path.join(dir, 'test_data', 'kv');
  const whole = kvModel({ partitionBy: () => 'all' });
  for (const file of fs.readdirSync(kvDir).filter((f) => f.endsWith('.txt')).sort()) {
    const history = readKvLog(fs.readFileSync(path.join(kvDir, file), 'utf8'));
    const base = file.replace(/\.txt$/, '');
    const expected = base.endsWith('-ok') ? 'ok' : 'illegal';
    cases.push(caseOf(`kv/${base}`, expected, kvModel(), history));
    // Porcupine runs its no-partition model on the 1- and 10-client logs only.
    if (!base.startsWith('c50')) cases.push(caseOf(`kv-whole/${base}`, expected, whole, history));
  }
  const tests = fs.readFileSync(path.join(dir, 'porcupine_test.go'), 'utf8');
  for (const [, n, correct] of tests.matchAll(/checkJepsen\(t, (\d+), (true|false)\)/g)) {
    const file = path.join(dir, 'test_data', 'jepsen', `etcd_${n.padStart(3, '0')}.log`);
    cases.push(caseOf(`etcd/${n.padStart(3, '0')}`, correct === 'true' ? 'ok' : 'illegal', etcdModel,
      readEtcdLog(fs.readFileSync(file, 'utf8'))));
  }
  return cases;
}

function main(): void {
  const args = process.argv.slice(2);
  const opt = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const out = opt('--write-logs');
  if (out !== undefined) {
    fs.mkdirSync(out, { recursive: true });
    for (const b of CHECKER_BENCHES) {
      const file = path.join(out, `${b.name.replace(/^checker\//, '')}.txt`);
      fs.writeFileSync(file, writeKvLog(generateKvHistory(b.shape)));
      console.log(`${file}: ${b.onePartition ? 'one partition (kvNoPartitionModel)' : 'by key (kvModel)'}, expected ${b.expected}`);
    }
    return;
  }
  const dir = args[0];
  if (dir === undefined || dir.startsWith('--')) {
    console.error('usage: npx tsx bench/checker-porcupine.ts PORCUPINE_DIR [--only REGEX] [--max-states N] [--max-steps N] [--repeat N]\n'
      + '       npx tsx bench/checker-porcupine.ts --write-logs OUT_DIR');
    process.exit(2);
  }
  const only = new RegExp(opt('--only') ?? '');
  const options: CheckOptions = {
    maxStates: opt('--max-states') === undefined ? undefined : Number(opt('--max-states')),
    maxSteps: opt('--max-steps') === undefined ? undefined : Number(opt('--max-steps')),
  };
  const repeat = Number(opt('--repeat') ?? 1);
  let differ = 0;
  let totalMs = 0;
  const cpu0 = process.cpuUsage();
  for (const c of porcupineCases(dir).filter((x) => only.test(x.name))) {
    let ms = Infinity;
    let r: ReturnType<Case['run']> | undefined;
    for (let i = 0; i < repeat; i++) {
      const t0 = process.cpuUsage();
      r = c.run(options);
      const t = process.cpuUsage(t0);
      ms = Math.min(ms, (t.user + t.system) / 1000);
    }
    if (r === undefined) throw new Error('--repeat must be at least 1');
    totalMs += ms;
    const same = r.result === c.expected;
    if (!same) differ++;
    console.log(`${c.name.padEnd(18)} ${r.result.padEnd(8)} expected ${c.expected.padEnd(8)}${same ? '' : ' DIFFERENT'} `
      + `${ms.toFixed(1).padStart(9)} ms ${String(r.info.steps).padStart(10)} steps  ${r.info.operations} ops`);
  }
  const cpu = process.cpuUsage(cpu0);
  console.log(`total: ${totalMs.toFixed(0)} ms CPU in checks, ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU `
    + `with reading the logs; ${differ} verdicts differ`);
  process.exit(differ === 0 ? 0 : 1);
}

if (require.main === module) main();
