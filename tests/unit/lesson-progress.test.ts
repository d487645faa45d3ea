import "../setup/guard";
// Issue 16, progress that cannot be faked: the interval set (merge, coverage, union that never
// shrinks), the heartbeat rules (range beyond the furthest point, faster than real time, outside the
// lesson), the 95 % mark, and a fast-check property: any sequence of heartbeats, accepted or refused,
// never lowers coverage and never adds more watched seconds than server time allows.
import { test } from "uvu";
import * as assert from "uvu/assert";
import * as fc from "fast-check";
import {
  addInterval, coverage, EMPTY_PROGRESS, HEARTBEAT_SPAN_S, HEARTBEAT_TOLERANCE_S, isIntervals, judgeHeartbeat, lessonPercent,
  overallPercent, secondsNeeded, unionIntervals, unwatchedIntervals, clockTime, type Intervals, type ProgressState,
} from "~/features/courses/progress-rules";
import { parseRange } from "~/features/courses/range";

const LESSON = { durationS: 600, neededS: secondsNeeded("video", 600) };
const T0 = 1_750_000_000_000;

test("intervals merge: overlapping and touching ranges join, disjoint ones stay apart and sorted", () => {
  let s: Intervals = [];
  s = addInterval(s, 10, 20);
  s = addInterval(s, 30, 40);
  assert.equal(s, [[10, 20], [30, 40]]);
  assert.equal(addInterval(s, 0, 5), [[0, 5], [10, 20], [30, 40]]);
  assert.equal(addInterval(s, 20, 30), [[10, 40]], "touching on both sides");
  assert.equal(addInterval(s, 15, 35), [[10, 40]]);
  assert.equal(addInterval(s, 5, 50), [[5, 50]]);
  assert.equal(addInterval(s, 12, 18), s, "inside: unchanged");
  assert.equal(addInterval(s, 50, 50), s, "empty range: unchanged");
  assert.equal(s, [[10, 20], [30, 40]], "the input is not changed");
  assert.is(coverage([[0, 5], [10, 20]]), 15);
  assert.ok(isIntervals([[0, 5], [10, 20]]));
  assert.not.ok(isIntervals([[10, 20], [0, 5]]), "unsorted");
  assert.not.ok(isIntervals([[0, 10], [5, 20]]), "overlapping");
  assert.not.ok(isIntervals([[0, 1.5]]), "fractions");
  assert.not.ok(isIntervals({}));
});

test("union of two sessions is the union: each one's seconds count once, nothing is lost", () => {
  const a: Intervals = [[0, 30], [60, 90]];
  const b: Intervals = [[20, 70], [100, 110]];
  const u = unionIntervals(a, b);
  assert.equal(u, [[0, 90], [100, 110]]);
  assert.ok(coverage(u) >= Math.max(coverage(a), coverage(b)));
  assert.equal(unionIntervals(b, a), u, "order does not matter");
});

test("heartbeats in real time are accepted; coverage, furthest point and resume position follow", () => {
  let s: ProgressState = EMPTY_PROGRESS;
  for (let i = 0; i < 6; i++) {
    const r = judgeHeartbeat(s, { from: i * 10, to: i * 10 + 10 }, LESSON, T0 + (i + 1) * 10_000);
    assert.ok(r.ok, `heartbeat ${i}`);
    if (r.ok) s = r.next;
  }
  assert.equal(s.intervals, [[0, 60]]);
  assert.is(s.furthest, 60);
  assert.is(s.position, 60);
  // Rewatching adds nothing and lowers nothing; the position is where playback now is.
  const again = judgeHeartbeat(s, { from: 0, to: 8 }, LESSON, T0 + 70_000);
  assert.ok(again.ok);
  if (again.ok) {
    assert.is(again.added, 0);
    assert.is(again.next.furthest, 60);
    assert.is(again.next.position, 8);
  }
});

test("refused: faster than real time (more new seconds than server time elapsed + tolerance)", () => {
  const first = judgeHeartbeat(EMPTY_PROGRESS, { from: 0, to: 10 }, LESSON, T0);
  assert.ok(first.ok);
  if (!first.ok) return;
  const fast = judgeHeartbeat(first.next, { from: 10, to: 20 }, LESSON, T0 + 2_000);
  assert.equal(fast.ok, false);
  if (!fast.ok) {
    assert.is(fast.status, 409);
    assert.match(fast.message, "快于实际时间");
    // 10 new seconds after 2 s: 5 s short of 2 + tolerance; the same range is taken that much later.
    assert.is(fast.retryAfterS, 10 - 2 - HEARTBEAT_TOLERANCE_S);
    assert.ok(judgeHeartbeat(first.next, { from: 10, to: 20 }, LESSON, T0 + 2_000 + fast.retryAfterS! * 1000).ok, "taken when sent again after retryAfterS");
  }
  assert.ok(judgeHeartbeat(first.next, { from: 10, to: 20 }, LESSON, T0 + (10 - HEARTBEAT_TOLERANCE_S) * 1000).ok, "within the tolerance");
  // A first heartbeat may bring one span, not more.
  assert.equal(judgeHeartbeat(EMPTY_PROGRESS, { from: 0, to: HEARTBEAT_SPAN_S + HEARTBEAT_TOLERANCE_S + 1 }, LESSON, T0).ok, false);
});

test("refused: a range beyond the furthest point plus one heartbeat span (a seek ahead), and malformed ranges", () => {
  const s: ProgressState = { intervals: [[0, 30]], furthest: 30, position: 30, lastAt: T0 };
  const ahead = judgeHeartbeat(s, { from: 100, to: 110 }, LESSON, T0 + 600_000);
  assert.equal(ahead.ok, false);
  if (!ahead.ok) assert.is(ahead.status, 409);
  assert.ok(judgeHeartbeat(s, { from: 30, to: 40 }, LESSON, T0 + 10_000).ok);
  const long = judgeHeartbeat(s, { from: 0, to: 40 }, LESSON, T0 + 600_000);
  assert.equal(long.ok, false, "longer than one span");
  for (const hb of [{ from: -1, to: 5 }, { from: 20, to: 10 }, { from: Number.NaN, to: 5 }, { from: 0, to: 700 }]) {
    const r = judgeHeartbeat(s, hb, LESSON, T0 + 600_000);
    assert.equal(r.ok, false, JSON.stringify(hb));
    if (!r.ok) assert.is(r.status, 422);
  }
});

test("done at 95 % of a video (Open edX's figure); a document at its minimum study time", () => {
  assert.is(secondsNeeded("video", 600), 570);
  assert.is(secondsNeeded("video", 20), 19);
  assert.is(secondsNeeded("document", 30, 30), 30);
  assert.is(lessonPercent(569, 570), 99);
  assert.is(lessonPercent(570, 570), 100);
  assert.is(lessonPercent(0, 570), 0);
  assert.is(overallPercent([{ coveredS: 19, neededS: 19 }, { coveredS: 15, neededS: 30 }]), 69);
  assert.is(overallPercent([{ coveredS: 19, neededS: 19 }, { coveredS: 30, neededS: 30 }]), 100);
  assert.is(overallPercent([]), 0);
});

test("Range header: one range served as 206, several whole, malformed or outside 416", () => {
  assert.equal(parseRange(null, 100), null);
  assert.equal(parseRange("bytes=0-9", 100), { start: 0, end: 9 });
  assert.equal(parseRange("bytes=90-", 100), { start: 90, end: 99 });
  assert.equal(parseRange("bytes=-10", 100), { start: 90, end: 99 });
  assert.equal(parseRange("bytes=50-500", 100), { start: 50, end: 99 });
  assert.equal(parseRange("bytes=0-1,5-6", 100), null);
  for (const h of ["bytes=100-", "bytes=9-1", "bytes=-0", "bytes=-", "items=0-1", "bytes=abc"]) assert.is(parseRange(h, 100), "unsatisfiable", h);
});

// A player, honest or not: ranges anywhere, at any pace; the server's clock moves forward by any amount.
const step = fc.record({ from: fc.integer({ min: 0, max: 640 }), len: fc.integer({ min: 0, max: 30 }), waitMs: fc.integer({ min: 0, max: 30_000 }) });

test("property: accepted heartbeats never lower coverage or the furthest point, and never outrun real time", () => {
  fc.assert(
    fc.property(fc.array(step, { maxLength: 80 }), (steps) => {
      let s: ProgressState = EMPTY_PROGRESS;
      let t = T0;
      const first = t;
      for (const x of steps) {
        t += x.waitMs;
        const r = judgeHeartbeat(s, { from: x.from, to: x.from + x.len }, LESSON, t);
        if (!r.ok) continue;
        assert.ok(coverage(r.next.intervals) >= coverage(s.intervals), "coverage never goes down");
        assert.ok(r.next.furthest >= s.furthest, "the furthest point never goes down");
        assert.ok(isIntervals(r.next.intervals));
        assert.ok(r.next.intervals.every(([, b]) => b <= LESSON.durationS), "inside the lesson");
        s = r.next;
        // Everything watched fits in the server time since the first heartbeat, plus one span and the
        // tolerance per accepted heartbeat (network delay), never more.
        const accepted = (t - first) / 1000 + HEARTBEAT_SPAN_S + HEARTBEAT_TOLERANCE_S * steps.length;
        assert.ok(coverage(s.intervals) <= accepted, `coverage ${coverage(s.intervals)} within ${accepted}`);
      }
    }),
    { numRuns: 2_000 },
  );
});

test("what is left to watch: the gaps of the set within the video, in order, and its clock times", () => {
  assert.equal(unwatchedIntervals([], 330), [[0, 330]]);
  assert.equal(unwatchedIntervals([[0, 200], [310, 400]], 600), [[200, 310], [400, 600]]);
  assert.equal(unwatchedIntervals([[10, 600]], 600), [[0, 10]]);
  assert.equal(unwatchedIntervals([[0, 600]], 600), []);
  // Watched seconds and gaps always add up to the video's length.
  fc.assert(fc.property(fc.array(fc.tuple(fc.nat(700), fc.nat(60))), fc.integer({ min: 1, max: 700 }), (ranges, d) => {
    const set = ranges.reduce<Intervals>((acc, [a, n]) => addInterval(acc, a, a + n), []);
    const inside = set.reduce<Intervals>((acc, [a, b]) => addInterval(acc, Math.min(a, d), Math.min(b, d)), []);
    return coverage(inside) + coverage(unwatchedIntervals(set, d)) === d;
  }));
  assert.equal([clockTime(200), clockTime(310), clockTime(3725), clockTime(59.9)], ["03:20", "05:10", "1:02:05", "00:59"]);
});

test.run();
