"""Stand-in readers the decoder tests share (the real readers are tested on real images)."""

from __future__ import annotations

import numpy as np

from pos_app.scan.decoder import Found
from pos_app.scan.readers import Reader


class CountingReader(Reader):
    """A reader, named as one of the libraries, that reads nothing and counts its calls."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.calls = 0

    def read(self, image: np.ndarray) -> list[Found]:
        self.calls += 1
        return []
