"""Moved to pos_app.core.store; this name stays for the packages that still import it
(bench, tests/deploy, tests/reliability). The same module object, not a copy."""

import sys

from pos_app.core import store as _moved

sys.modules[__name__] = _moved
