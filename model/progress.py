"""Progress of a long build by stage (loading, dating, merging), with an estimate.

A build reports through one callback, ``progress(done, total, line)``; ``StageMeter``
turns counts into that line ("Dating articles: 1,234 of 10,000 · about 2 min left") and
is where a cancelled build stops. ``Previews`` decides when a partial result is worth
showing: often for a small build, rarely when one preview costs seconds.
"""
from __future__ import annotations

import time
from collections.abc import Callable

Progress = Callable[[int, int, str], None]
Cancelled = Callable[[], bool]

#: What each stage says it is doing, and what it counts.
STAGES = {"loading": ("Loading files", "files"),
          "dating": ("Dating and analysing articles", "articles"),
          "entities": ("Finding who takes part", "articles"),
          "merging": ("Merging events", "mentions")}


class BuildCancelled(Exception):
    """The user cancelled; the partial result is dropped."""


def remaining_text(seconds: float) -> str:
    """'about 40 s left', 'about 3 min left', 'about 1 h 10 min left'."""
    if seconds < 60:
        return f"about {max(5, round(seconds / 5) * 5)} s left"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"about {minutes} min left"
    return f"about {minutes // 60} h {minutes % 60} min left"


class StageMeter:
    """Counts one stage's work and estimates the rest from the rate so far.

    ``advance`` raises BuildCancelled once ``cancelled()`` is true, so every stage that
    counts its work can also be stopped at any point."""

    #: No estimate before this much time: the first items are not a rate yet.
    SETTLE_SECONDS = 2.0
    #: Reports closer together than this are skipped (the last one always goes out).
    REPORT_EVERY = 0.1

    def __init__(self, stage: str, total: int, progress: Progress | None = None,
                 cancelled: Cancelled | None = None,
                 clock: Callable[[], float] = time.monotonic):
        self.stage, self.total = stage, total
        self.progress, self.cancelled, self.clock = progress, cancelled, clock
        self.started = clock()
        self.done = 0
        self._reported = float("-inf")

    def advance(self, done: int | None = None) -> None:
        """``done`` items so far (default: one more); reports and checks cancel."""
        self.done = self.done + 1 if done is None else done
        if self.cancelled is not None and self.cancelled():
            raise BuildCancelled()
        if self.progress is None:
            return
        now = self.clock()
        if now - self._reported >= self.REPORT_EVERY or self.done == self.total:
            self._reported = now
            self.progress(self.done, self.total, self.line())

    def finish(self) -> None:
        """Report the final count, however soon after the last report."""
        self._reported = float("-inf")
        self.advance(self.done)

    def announce(self) -> None:
        """Report a stage that is not counted step by step ("Merging events: 3,140
        mentions"); checks cancel too."""
        if self.cancelled is not None and self.cancelled():
            raise BuildCancelled()
        if self.progress is not None:
            what, unit = STAGES.get(self.stage, (self.stage, "items"))
            self.progress(0, 0, f"{what}: {_count(self.total, unit)}")

    def line(self) -> str:
        what, unit = STAGES.get(self.stage, (self.stage, "items"))
        if self.total <= 0:
            return f"{what}: {_count(self.done, unit)}"
        text = f"{what}: {self.done:,} of {self.total:,} {unit}"
        left = self.remaining()
        return f"{text} · {remaining_text(left)}" if left is not None else text

    def remaining(self) -> float | None:
        """Seconds still to go at the rate so far, once there is a rate."""
        elapsed = self.clock() - self.started
        if not 0 < self.done < self.total or elapsed < self.SETTLE_SECONDS:
            return None
        return elapsed / self.done * max(self.total - self.done, 0)


def _count(n: int, unit: str) -> str:
    return f"{n:,} {unit[:-1] if n == 1 else unit}"


class Previews:
    """When to build a partial result: never more often than every ``gap`` seconds, and
    spending at most a ``share`` of the time on previews, since each one costs about as
    much as the work done so far."""

    def __init__(self, gap: float = 3.0, share: float = 0.1,
                 clock: Callable[[], float] = time.monotonic):
        self.gap, self.share, self.clock = gap, share, clock
        self.last = clock()
        self.cost = 0.0

    def due(self) -> bool:
        return self.clock() - self.last >= max(self.gap, self.cost / self.share)

    def run(self, make: Callable[[], object]) -> object:
        """``make()``, timing it for the next ``due``."""
        started = self.clock()
        try:
            return make()
        finally:
            self.last = self.clock()
            self.cost = self.last - started
