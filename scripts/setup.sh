#!/usr/bin/env bash
# Sets up everything `make demo` and `make test` need, and changes nothing when it is all
# there already: system packages (apt-get, when missing), .venv, and the project with the
# locked dependencies. Usage: scripts/setup.sh [app|test|soak]
#   app   what `make demo` needs: Qt's xcb and offscreen run-time libraries, zbar, fonts
#         (a CJK one too: the apps show Chinese text)
#   test  and PostgreSQL for the tests' throwaway database
#   soak  and Xvfb and xdotool for the demo soak (`make soak`)
set -euo pipefail
cd "$(dirname "$0")/.."
want="${1:-app}"

need_pkgs=()
# Asked once and kept: `ldconfig -p | grep -q` under pipefail failed at random (grep quits
# at the first match, ldconfig dies of SIGPIPE, the pipe "fails") and re-ran apt-get.
ld_cache="$(ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null || true)"
have_dpkg=0
command -v dpkg-query >/dev/null && have_dpkg=1
# need PACKAGE [LIBRARY]: PACKAGE is there if dpkg says it is installed, or (another
# package may ship it, or there is no dpkg) if LIBRARY is in the linker's cache.
need() {
  local status=""
  if [ "$have_dpkg" = 1 ]; then
    status="$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)"
    [[ "$status" == *"ok installed"* ]] && return 0
  fi
  if [ -n "${2:-}" ] && [[ "$ld_cache" == *"$2 "* ]]; then return 0; fi
  if [ "$have_dpkg" = 0 ] && [ -z "${2:-}" ]; then return 0; fi  # can't tell: don't guess
  need_pkgs+=("$1")
}

command -v python3 >/dev/null || need_pkgs+=(python3)
python3 -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null || {
  echo "kinpay needs Python 3.11 or newer; python3 is $(python3 --version 2>&1)." >&2
  exit 1
}
python3 -c 'import venv, ensurepip' 2>/dev/null || need_pkgs+=(python3-venv)
need libzbar0 libzbar.so.0
# What Qt's offscreen and xcb platforms load at run time (Qt's "xcb" list: without
# libxcb-icccm4 & co. the first window on a real display fails, blaming another library).
need libegl1 libEGL.so.1
need libgl1 libGL.so.1
need libxkbcommon0 libxkbcommon.so.0
need libfontconfig1 libfontconfig.so.1
need libfreetype6 libfreetype.so.6
need libdbus-1-3 libdbus-1.so.3
need libglib2.0-0 libglib-2.0.so.0
need libx11-6 libX11.so.6
need libx11-xcb1 libX11-xcb.so.1
need libxcb1 libxcb.so.1
need libxcb-cursor0 libxcb-cursor.so.0
need libxcb-glx0 libxcb-glx.so.0
need libxcb-icccm4 libxcb-icccm.so.4
need libxcb-image0 libxcb-image.so.0
need libxcb-keysyms1 libxcb-keysyms.so.1
need libxcb-randr0 libxcb-randr.so.0
need libxcb-render-util0 libxcb-render-util.so.0
need libxcb-shape0 libxcb-shape.so.0
need libxcb-shm0 libxcb-shm.so.0
need libxcb-sync1 libxcb-sync.so.1
need libxcb-util1 libxcb-util.so.1
need libxcb-xfixes0 libxcb-xfixes.so.0
need libxcb-xinerama0 libxcb-xinerama.so.0
need libxcb-xkb1 libxcb-xkb.so.1
need libxkbcommon-x11-0 libxkbcommon-x11.so.0
need libxrender1 libXrender.so.1
need libxi6 libXi.so.6
# Fonts: one for Latin text, one for Chinese (without it, 中文 renders only if some other
# package happened to bring a CJK font). The receipt and report PDFs ask for Noto Sans CJK
# SC / TC by name (kinpay.l10n.font_families), so that is the one looked for.
[ -n "$(find /usr/share/fonts -name 'DejaVuSans*.ttf' -print -quit 2>/dev/null)" ] \
  || need_pkgs+=(fonts-dejavu-core)
[ -n "$(find /usr/share/fonts -iname 'NotoSansCJK*' -print -quit 2>/dev/null)" ] \
  || need_pkgs+=(fonts-noto-cjk)
if [ "$want" = test ] || [ "$want" = soak ]; then
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null \
    || need_pkgs+=(postgresql)
fi
if [ "$want" = soak ]; then
  command -v Xvfb >/dev/null || need_pkgs+=(xvfb)
  command -v xdotool >/dev/null || need_pkgs+=(xdotool)
fi

if [ "${#need_pkgs[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then apt=(apt-get)
  elif command -v sudo >/dev/null && { sudo -n true 2>/dev/null || [ -t 0 ]; }; then
    apt=(sudo apt-get)
  else apt=(); fi
  if [ "${#apt[@]}" -gt 0 ] && command -v apt-get >/dev/null; then
    echo "setup: installing ${need_pkgs[*]}"
    export DEBIAN_FRONTEND=noninteractive
    "${apt[@]}" update -qq
    "${apt[@]}" install -y -qq --no-install-recommends "${need_pkgs[@]}" >/dev/null
  else
    echo "setup: missing system packages. Run:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${need_pkgs[*]}" >&2
    exit 1
  fi
fi

stamp=.venv/.kinpay-installed
uv_version=0.13.9  # the installer (not in requirements.lock: it installs that)
want_stamp="$( (cat pyproject.toml requirements.lock; echo "$uv_version") | sha256sum | cut -d' ' -f1)"
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want_stamp" ]; then
  echo "setup: installing kinpay and its locked dependencies into .venv"
  # uv installs the same locked set as pip in about a quarter of the time (it fetches in
  # parallel: 15 s against 57 s from nothing here), which counts in `make test`'s budget.
  # It is told pip's package index, if one is set, and trusts the system's certificates as
  # pip does. pip does the install when uv can't be had or can't finish it.
  index="${PIP_INDEX_URL:-$(.venv/bin/python -m pip config get global.index-url 2>/dev/null || true)}"
  if [ -n "$index" ]; then export UV_DEFAULT_INDEX="$index"; fi
  export UV_NATIVE_TLS=1
  # --compile-bytecode: as pip does. Without it no library was compiled ahead, and each
  # process compiled what it imported (4.0 s to import the apps, 1.3 s compiled).
  if .venv/bin/python -m pip install -q --disable-pip-version-check "uv==$uv_version" \
      && .venv/bin/uv pip install -q --compile-bytecode --python .venv/bin/python \
           -c requirements.lock -e '.[dev]'; then
    :
  else
    echo "setup: uv $uv_version could not install the locked set; installing with pip"
    .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
    .venv/bin/python -m pip install -q --disable-pip-version-check -c requirements.lock -e '.[dev]'
  fi
  echo "$want_stamp" > "$stamp"
fi

# The apps' words in Chinese (and English plural forms): .qm built from the .ts sources
# whenever a source is newer (scripts/translations.py; not kept in git).
.venv/bin/python -m scripts.translations release
