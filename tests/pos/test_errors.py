"""One exception tree in pos_app (issue 14 §7): every exception class the terminal
defines is a PosError, none is rooted in kinpay's KinpayError."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pos_app
from kinpay.errors import KinpayError
from pos_app.core.errors import PosError


def _exception_classes() -> dict[str, type[BaseException]]:
    found: dict[str, type[BaseException]] = {}
    for info in pkgutil.walk_packages(pos_app.__path__, "pos_app."):
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if (inspect.isclass(obj) and issubclass(obj, BaseException)
                    and obj.__module__.startswith("pos_app")):
                found[f"{obj.__module__}.{name}"] = obj
    return found


def test_every_pos_app_exception_is_a_pos_error_and_none_a_kinpay_error() -> None:
    classes = _exception_classes()
    # The tree the module docstring draws, at least.
    for name in ("CatalogueError", "PinError", "KeyFileError", "UnknownServerKey",
                 "ScanError", "DecoderUnavailable", "CameraError", "ImageRefused"):
        assert any(key.endswith("." + name) for key in classes), name
    assert {k for k, c in classes.items() if not issubclass(c, PosError)} == set()
    assert {k for k, c in classes.items() if issubclass(c, KinpayError)} == set()
