/**
 * The JUnit XML writer: well-formed XML whatever the failure text holds, jest-junit's shape
 * (testsuites > testsuite per part > testcase with classname = part, time in seconds), and
 * the counts.
 */
import { CATALOGUE } from '../catalogue';
import { escapeXml, junitFromOutcomes, junitXml, xmlSafe } from '../report/junit';
import { entryOf, outcomeOf } from './helpers';
import { findAll, parseXml } from './xml-check';

const ctx = { seed: 4, target: 'labs' };
const NOW = new Date('2025-01-02T03:04:05.678Z');

test('escapeXml escapes the five special characters and xmlSafe drops what XML cannot hold', () => {
  expect(escapeXml(`a & b < c > d " e ' f`)).toBe('a &amp; b &lt; c &gt; d &quot; e &apos; f');
  expect(xmlSafe('\u001b[31mred\u001b[39m \u0000\u0007\u000b ok\ttab\nline')).toBe('red  ok\ttab\nline');
  expect(xmlSafe('lone \ud800 surrogate, pair \ud83d\ude00 kept')).toBe('lone  surrogate, pair \ud83d\ude00 kept');
});

test('one testsuite per part in catalogue order, one testcase per test with classname = part', () => {
  const outcomes = [
    outcomeOf(entryOf('TestB2AB', '2ab', 2), true, 1500),
    outcomeOf(entryOf('TestA2AA', '2aa'), false, 3, 'Error: expect(received).toBe(expected)\n\nExpected: 3\nReceived: 2'),
    outcomeOf(entryOf('TestC2AA', '2aa'), true, null),
  ];
  const xml = junitFromOutcomes(CATALOGUE, outcomes, ctx, 12_345, NOW);
  const root = parseXml(xml);
  expect(root.name).toBe('testsuites');
  expect(root.attrs).toEqual({ name: 'raftkv grade', tests: '3', failures: '1', errors: '0', time: '12.345' });
  const suites = findAll(root, 'testsuite');
  expect(suites.map((s) => [s.attrs.name, s.attrs.tests, s.attrs.failures, s.attrs.timestamp])).toEqual([
    ['2aa', '2', '1', '2025-01-02T03:04:05'],
    ['2ab', '1', '0', '2025-01-02T03:04:05'],
  ]);
  const cases = findAll(root, 'testcase');
  expect(cases.map((c) => [c.attrs.classname, c.attrs.name, c.attrs.time])).toEqual([
    ['2aa', 'TestA2AA', '0.003'], ['2aa', 'TestC2AA', '0.000'], ['2ab', 'TestB2AB', '1.500'],
  ]);
  const failure = findAll(cases[0], 'failure')[0];
  expect(failure.attrs.message).toBe('Expected: 3, Received: 2');
  expect(failure.text).toContain('Received: 2');
  expect(failure.text).toContain('replay: npm run grade -- --test TestA2AA --seed 4 --target labs');
  expect(findAll(cases[0], 'system-out')[0].text).toMatch(/^points: 0\/1\nfile: \S+\.test\.ts$/);
  expect(findAll(cases[2], 'system-out')[0].text).toMatch(/^points: 2\/2\nfile: /);
  // junit-10.xsd allows only classname, name and time (and assertions, status) on a testcase.
  for (const c of cases) expect(Object.keys(c.attrs).sort()).toEqual(['classname', 'name', 'time']);
  expect(findAll(suites[0], 'property').map((p) => [p.attrs.name, p.attrs.value])).toEqual([['seed', '4'], ['target', 'labs']]);
});

test('hostile failure text stays well-formed XML', () => {
  const nasty = 'Error: </failure><testcase name="fake"/> & &amp; ]]> <![CDATA[ x ]]> \u0000\u001b[31m "quoted" \'single\' \ud800';
  const xml = junitFromOutcomes(CATALOGUE, [outcomeOf(entryOf('Test<x>&"y"2AA', '2aa'), false, 1, nasty)], { seed: 1, target: 'a "dir" & <more>' }, 1, NOW);
  const root = parseXml(xml);
  const cases = findAll(root, 'testcase');
  expect(cases).toHaveLength(1);
  expect(cases[0].attrs.name).toBe('Test<x>&"y"2AA');
  expect(findAll(cases[0], 'failure')[0].text).toContain('</failure><testcase name="fake"/> & &amp; ]]>');
});

test('an empty run is a valid document with zero counts', () => {
  const root = parseXml(junitXml([], { name: 'n', timeSeconds: 0, timestamp: '2025-01-01T00:00:00' }));
  expect(root.attrs.tests).toBe('0');
  expect(root.children).toEqual([]);
});

test('a test of an unknown part goes to a suite named "other"', () => {
  const root = parseXml(junitFromOutcomes(CATALOGUE, [outcomeOf(entryOf('TestZ9Z', '9z'), true)], ctx, 1, NOW));
  expect(findAll(root, 'testsuite').map((s) => s.attrs.name)).toEqual(['other']);
});
