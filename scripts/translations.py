"""The apps' translations: `python -m scripts.translations update|release|check`.

    update   re-read the sources (pyside6-lupdate): a new string appears in
             assets/translations/kinpay_<lang>.ts as unfinished (lupdate fills in a guess
             from a similar old one, still marked unfinished); one no longer in the code
             is dropped
    release  build each .ts into its .qm (pyside6-lrelease) when the source is newer
    check    exit 1, naming them, when a .ts has an unfinished message

zh_CN and zh_TW hold every message; en holds only the plural forms ("%n sale(s)" →
"1 sale", "2 sales"), as Qt's own English does. Locations are left out of the .ts files
(`-locations none`): a line moved in the code changes no translation file, so branches that
edit the same modules merge their .ts files without conflicts.
"""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "assets" / "translations"
SOURCES = ("pos_app", "wallet_app")
FULL = ("zh_CN", "zh_TW")
PLURAL_ONLY = ("en",)
BIN = Path(sys.executable).parent


def ts_path(lang: str, folder: Path = FOLDER) -> Path:
    return folder / f"kinpay_{lang}.ts"


def lupdate(folder: Path = FOLDER) -> None:
    """Re-read the sources into the .ts files in `folder` (made when missing)."""
    folder.mkdir(parents=True, exist_ok=True)
    base = [str(BIN / "pyside6-lupdate"), "-silent", "-locations", "none", "-no-obsolete",
            "-extensions", "py", *(str(ROOT / s) for s in SOURCES)]
    subprocess.run([*base, "-ts", *(str(ts_path(lang, folder)) for lang in FULL)],
                   check=True)
    for lang in PLURAL_ONLY:
        subprocess.run([*base, "-pluralonly", "-source-language", "en", "-target-language",
                        lang, "-ts", str(ts_path(lang, folder))], check=True)


def release(folder: Path = FOLDER, out: Path | None = None, *, force: bool = False) -> None:
    """Build kinpay_<lang>.qm from each .ts in `folder` (into `out`, else beside it)."""
    for lang in (*FULL, *PLURAL_ONLY):
        ts = ts_path(lang, folder)
        qm = (out or folder) / f"kinpay_{lang}.qm"
        if not ts.exists():
            continue
        if force or not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime:
            # Built beside it, then put in its place whole: a running app maps its .qm,
            # and one rewritten in place under it read every string as untranslated (the
            # live demo's till said "Offline queue" in English after a `make test`; a
            # shorter file can end it with SIGBUS). The app keeps the file it opened.
            part = qm.with_name(f".{qm.name}.{os.getpid()}.part")
            try:
                subprocess.run([str(BIN / "pyside6-lrelease"), "-silent", str(ts), "-qm",
                                str(part)], check=True)
                os.replace(part, qm)
            finally:
                part.unlink(missing_ok=True)


def messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    """(context, source) → its <message>, for every message of a .ts file."""
    found: dict[tuple[str, str], ET.Element] = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            found[(name, message.findtext("source") or "")] = message
    return found


def unfinished(ts: Path) -> list[tuple[str, str]]:
    """The (context, source) of each message still to translate."""
    return [key for key, m in messages(ts).items()
            if (t := m.find("translation")) is not None
            and t.get("type") == "unfinished"]


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "update"
    if command == "update":
        lupdate()
        for lang in FULL:
            left = unfinished(ts_path(lang))
            print(f"{ts_path(lang).relative_to(ROOT)}: {len(left)} unfinished")
        return 0
    if command == "release":
        release()
        return 0
    if command == "check":
        bad = [(lang, key) for lang in FULL for key in unfinished(ts_path(lang))]
        for lang, (context, source) in bad:
            print(f"{lang}: unfinished in {context}: {source!r}")
        return 1 if bad else 0
    print("usage: python -m scripts.translations update|release|check", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
