"""`python -m bench [--quick] [decode|scan|load|wallet ...]`: run, print, write the page.

No part named runs them all. Each part prints its tables as it finishes; at the end the
page docs/benchmarks.md gets the sections of the parts that ran (the other sections are
kept from the page as it was, each saying when it was measured).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import tempfile
import time
from pathlib import Path

from bench import machine, plots, report

PARTS = report.PART_ORDER


def _log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    args_list = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("parts", nargs="*", choices=[*PARTS, []], metavar="PART",
                        help=f"any of {', '.join(PARTS)} (default: all)")
    parser.add_argument("--quick", action="store_true", help="a short run of each part")
    parser.add_argument("--no-page", action="store_true",
                        help="print the tables only; leave docs/benchmarks.md and its plots "
                        "as they are (the plots go to a temporary folder)")
    args = parser.parse_args(args_list)
    names = [p for p in PARTS if p in args.parts] if args.parts else list(PARTS)
    mode = "quick" if args.quick else "full"
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    done: list[report.Part] = []
    started = time.monotonic()
    # The tree as the run found it: what it writes itself (plots, the page) comes later.
    commit = machine.git_commit()
    began = machine.now_text()
    if args.no_page:
        plots.OUT = Path(tempfile.mkdtemp(prefix="kinpay-bench-plots-"))
        _log(f"bench: plots in {plots.OUT} (--no-page)")
    for name in names:
        _log(f"bench: {name} ({mode})")
        module = importlib.import_module(f"bench.{name}")
        part: report.Part = module.run(mode, log=_log)
        done.append(part)
        print(part.console(), flush=True)
        print(flush=True)
    if not args.no_page:
        when = f"{began} at commit {commit}"
        page = report.write_page(done, header=machine.header(args_list, commit), when=when)
        print(f"wrote {page.relative_to(report.ROOT)} in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
