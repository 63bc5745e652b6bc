#!/usr/bin/env bash
# Sets up everything `make demo` and `make test` need, and changes nothing when it is all
# there already: system packages (apt-get, when missing), .venv, and the project with the
# locked dependencies. Usage: scripts/setup.sh [app|test]
set -euo pipefail
cd "$(dirname "$0")/.."
want="${1:-app}"

need_pkgs=()
have_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }

command -v python3 >/dev/null || need_pkgs+=(python3)
python3 -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null || {
  echo "kinpay needs Python 3.11 or newer; python3 is $(python3 --version 2>&1)." >&2
  exit 1
}
python3 -c 'import venv, ensurepip' 2>/dev/null || need_pkgs+=(python3-venv)
have_lib 'libzbar.so.0' || need_pkgs+=(libzbar0)
# What Qt's offscreen and xcb platforms load at run time.
have_lib 'libEGL.so.1' || need_pkgs+=(libegl1)
have_lib 'libGL.so.1' || need_pkgs+=(libgl1)
have_lib 'libxkbcommon.so.0' || need_pkgs+=(libxkbcommon0)
have_lib 'libfontconfig.so.1' || need_pkgs+=(libfontconfig1)
have_lib 'libdbus-1.so.3' || need_pkgs+=(libdbus-1-3)
have_lib 'libglib-2.0.so.0' || need_pkgs+=(libglib2.0-0)
[ -n "$(find /usr/share/fonts -name '*.ttf' -print -quit 2>/dev/null)" ] \
  || need_pkgs+=(fonts-dejavu-core)
if [ "$want" = test ]; then
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null \
    || need_pkgs+=(postgresql)
fi

if [ "${#need_pkgs[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then apt=(apt-get); elif command -v sudo >/dev/null; then apt=(sudo apt-get);
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
want_stamp="$(cat pyproject.toml requirements.lock | sha256sum | cut -d' ' -f1)"
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want_stamp" ]; then
  echo "setup: installing kinpay and its locked dependencies into .venv"
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install -q --disable-pip-version-check -c requirements.lock -e '.[dev]'
  echo "$want_stamp" > "$stamp"
fi
