/**
 * The memory limit: the heap flag, the group limit, reading /proc/<pid>/stat (including a
 * command name with spaces and parentheses), and the group of this very process.
 */
import * as fs from 'node:fs';
import { RSS_MARGIN_MB, heapFlags, pageBytes, parseStat, rssLimitBytes, rssOfGroups } from '../runner/memory';

test('the heap flag and the resident limit of a group', () => {
  expect(heapFlags(384)).toEqual(['--max-old-space-size=384']);
  expect(rssLimitBytes(384)).toBe((384 + RSS_MARGIN_MB) * 1024 * 1024);
});

test('parseStat reads the process group and the resident set, whatever the command name', () => {
  const rest = 'S 1 4242 4242 0 -1 4194560 100 0 0 0 5 1 0 0 20 0 11 0 100 1000000 2500 18446744073709551615';
  expect(parseStat(`123 (node) ${rest}`, 4096)).toEqual({ pgrp: 4242, rssBytes: 2500 * 4096 });
  expect(parseStat(`123 (a (weird) name) ${rest}`, 4096)).toEqual({ pgrp: 4242, rssBytes: 2500 * 4096 });
  expect(parseStat('garbage', 4096)).toBeNull();
});

test('rssOfGroups finds this process in its own group (Linux; elsewhere it finds nothing)', () => {
  if (!fs.existsSync('/proc/self/stat')) {
    expect(rssOfGroups(new Set([process.pid])).size).toBe(0);
    return;
  }
  const own = parseStat(fs.readFileSync('/proc/self/stat', 'utf8'), pageBytes());
  expect(own).not.toBeNull();
  const rss = rssOfGroups(new Set([own?.pgrp ?? -1]));
  expect(rss.get(own?.pgrp ?? -1)).toBeGreaterThanOrEqual(own?.rssBytes ?? Infinity);
  expect(rssOfGroups(new Set([-5])).size).toBe(0);
});
