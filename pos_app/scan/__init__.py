"""The terminal's scanning subsystem: camera sources, QR decoding and the scan worker.

    decoder.py  one frame in, the codes it holds out: a quick pass at the last code's
                place and scale, then a budgeted heavy pass (variants.py, scheduled by
                heavy.py) over the readers (readers.py: zxing-cpp, pyzbar), filtered by
                an `accept` callable; a frame where no QR symbol was located gets only a
                slice of the heavy pass
    camera.py   where frames come from: a webcam, a replayed video, image or folder, or
                a simulated tablet (`open_camera(spec)`)
    devices.py  the webcams there are, for a chooser (`list_cameras`)
    imagefile.py image files read with bounds: the header's size checked before decoding
    synth.py    deterministic synthetic frames of a tablet showing a code, for tests,
                benchmarks and the simulated camera (screen.py: a screen held close)
    worker.py   the Qt thread that reads and decodes off the GUI thread and reports by
                signals (the only module here that imports Qt); idle and armed modes

This package file holds only the exception tree, so that importing one module never
pulls in Qt or a decoding library another needs:

    PosError (pos_app.core.errors: the terminal's one exception tree)
    └── ScanError ................ anything the scanning subsystem can't do
        ├── DecoderUnavailable ... a decoding library is not installed or won't load
        ├── CameraError .......... no frames: no such camera, busy, unreadable file
        └── ImageRefused ......... an image file not decoded: too many pixels, unknown format
"""

from __future__ import annotations

from pos_app.core.errors import ScanError


class DecoderUnavailable(ScanError):
    """A decoding library is missing or can't load (e.g. pyzbar without libzbar)."""

    def __init__(self, library: str, detail: str) -> None:
        super().__init__(f"the QR decoding library {library!r} is not available: {detail}")
        self.library = library
        self.detail = detail


class CameraError(ScanError):
    """No frames can be had from a source: it does not exist, is busy or is unreadable."""


class ImageRefused(ScanError):
    """An image file that is not decoded: its header declares more pixels than the cap, or
    no format kinpay knows (checked before decoding: see imagefile.py)."""


__all__ = ["CameraError", "DecoderUnavailable", "ImageRefused", "ScanError"]
