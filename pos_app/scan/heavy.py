"""The heavy pass's scheduler: which heavy steps (variants.py) a frame gets, in time.

A frame the quick pass could not read gets heavy steps in their order (HEAVY_STEPS, or
BLIND_STEPS for a frame where no symbol was seen), each only when the frame's time so
far plus what that step is predicted to take (StepCosts: the median of its last runs)
fits the frame's budget; a pass cut short resumes at the first step it skipped on the
next frame, so over a few frames every step gets its turn. Two budgets (decoder.py says
which a frame gets): a frame where the quick pass saw a QR symbol it could not decode
gets a whole frame's time, a frame where it saw none only what is left of a small one.

A step too slow for any budget (pyzbar on a whole 720p frame) still runs: when it has
been passed over `starve_passes` times, and no step was forced in the last
`starve_passes` passes, it runs over budget. So at most one frame in
`starve_passes` goes over, which a p95 of the frames' times does not see.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence

import numpy as np

from pos_app.scan.readers import Found, Reader
from pos_app.scan.variants import HEAVY_STEPS, PYZBAR, HeavyStep, Variant, shrink_to

COST_RUNS = 3  # a step's cost is predicted from its last this many runs (StepCosts)
# Budgets and costs are in the decoding thread's CPU time: the decoder's own work, which
# other processes on the machine don't stretch. On a till of its own that is its wall
# time too; on a loaded machine a frame takes longer to come back, and the scan worker
# drops the frames it had no time for (newest frame wins), but the decoder still tries
# the same steps, so what it reads doesn't depend on what else the machine runs.
clock = time.thread_time


def scaled(found: Found, scale: float, label: str) -> Found:
    """`found` with its corners mapped back to the frame, and its decoder name labelled."""
    if scale == 1.0 and not label:
        return found
    corners = tuple((x / scale, y / scale) for x, y in found.corners)
    name = f"{found.decoder}+{label}" if label else found.decoder
    return Found(found.text, corners, name)  # type: ignore[arg-type]


class StepCosts:
    """What each step (label, reader) cost per megapixel of the frame, to predict whether it
    fits: the median of its last COST_RUNS runs (of one or two runs, the last). One slow run
    (a frame full of edges, a moment the machine was busy) changes nothing: with a running
    mean a pyzbar step that costs 15 ms took 60 once, was predicted over the 33 ms budget,
    and was skipped until forced, and it is the one step that reads a code cut by the
    frame's edge. A run where the step had nothing to do at this frame size (its variant
    None) says nothing of its cost, and is only kept while there is nothing else."""

    def __init__(self) -> None:
        self._runs: dict[tuple[str, str], list[float]] = {}

    def predict(self, key: tuple[str, str]) -> float:
        """ms per megapixel; 0.0 for a step never timed."""
        runs = self._runs.get(key)
        if not runs:
            return 0.0
        return sorted(runs)[len(runs) // 2] if len(runs) >= COST_RUNS else runs[-1]

    def record(self, key: tuple[str, str], ms_per_mpx: float, *, idle: bool = False) -> None:
        runs = self._runs.setdefault(key, [])
        if idle:
            if not runs:
                runs.append(ms_per_mpx)
            return
        runs.append(ms_per_mpx)
        del runs[:-COST_RUNS]


class HeavyPass:
    """Runs `steps` (HEAVY_STEPS by default) on a grey frame within a time budget, resuming
    across frames.

    `readers` maps reader names (as the steps name them) to readers; a step whose
    reader is missing is skipped, as is one on `skip` (the quick pass already made that
    call). Not thread-safe: one per decoder.
    """

    def __init__(
        self,
        readers: Mapping[str, Reader],
        *,
        fallback_max_side_px: int | None,
        skip: frozenset[str] = frozenset(),
        steps: Sequence[HeavyStep] = HEAVY_STEPS,
        costs: StepCosts | None = None,
    ) -> None:
        self._readers = dict(readers)
        self._steps = tuple(steps)
        self._skip = skip
        self._fallback_max_side_px = fallback_max_side_px
        # Per megapixel of the frame: a camera's frames keep their size, but a decoder may
        # see several sizes. Passes with other orders of the same steps may share them.
        self.costs = StepCosts() if costs is None else costs
        # Passes in a row that skipped each step for want of time.
        self._passed_over = [0] * len(self._steps)
        self._since_forced = 0  # negative: passes to wait before forcing a step again
        self._next_step = 0

    def run(
        self,
        grey: np.ndarray,
        started: float,  # clock() when the frame's decoding began
        budget_ms: float | None,
        starve_passes: int,
        *,
        explore: bool = True,
        known: frozenset[str] = frozenset(),
    ) -> list[Found]:
        """The codes the first step that reads a text not in `known` finds (corners in
        `grey`'s pixels), or [].

        `explore`: a step never timed may run (first in the pass, alone); without it such
        a step waits to be forced, as one too slow for the budget does."""
        # Two steps can share a variant (one per reader): prepare each variant once.
        prepared: dict[Variant, tuple[np.ndarray, float] | None] = {}
        mpx = grey.shape[0] * grey.shape[1] / 1e6
        self._since_forced = min(0, self._since_forced + 1)
        count = len(self._steps)
        resume: int | None = None
        ran = 0
        for offset in range(count):
            index = (self._next_step + offset) % count
            reader = self._readers.get(self._steps[index].reader)
            if reader is None or reader.name in self._skip:
                continue
            step = self._steps[index]
            expected_ms = self.costs.predict((step.label, step.reader)) * mpx
            if not self._may_run(index, started, budget_ms, expected_ms, starve_passes, ran,
                                 explore):
                resume = index if resume is None else resume
                continue
            ran += 1
            reads = self._step(index, reader, grey, prepared, mpx)
            if any(found.text not in known for found in reads):
                self._next_step = 0
                return reads
        self._next_step = resume or 0
        return []

    def _may_run(
        self,
        index: int,
        started: float,
        budget_ms: float | None,
        expected_ms: float,
        starve_passes: int,
        ran: int,
        explore: bool,
    ) -> bool:
        if budget_ms is None:
            return True
        # A step never timed runs first in a pass, alone: its cost is unknown.
        if expected_ms == 0.0 and explore:
            return not ran
        starved = self._passed_over[index] >= starve_passes and self._since_forced >= 0
        elapsed_ms = (clock() - started) * 1000.0
        if expected_ms and elapsed_ms + expected_ms <= budget_ms:
            self._passed_over[index] = 0
            return True
        if starved:  # at most one step over budget in `starve_passes` passes
            self._since_forced = -starve_passes
            self._passed_over[index] = 0
            return True
        self._passed_over[index] += 1
        return False

    def _step(
        self,
        index: int,
        reader: Reader,
        grey: np.ndarray,
        prepared: dict[Variant, tuple[np.ndarray, float] | None],
        mpx: float,
    ) -> list[Found]:
        step = self._steps[index]
        step_started = clock()
        if step.variant not in prepared:
            prepared[step.variant] = step.variant(grey)
        variant = prepared[step.variant]
        reads: list[Found] = []
        if variant is not None:
            image, scale = variant
            if reader.name == PYZBAR and step.label != "whole":
                image, shrunk = shrink_to(image, self._fallback_max_side_px)
                scale *= shrunk
            reads = [scaled(found, scale, step.label) for found in reader.read(image)]
        cost = max((clock() - step_started) * 1000.0, 1e-3) / max(mpx, 1e-6)
        self.costs.record((step.label, step.reader), cost, idle=variant is None)
        return reads
