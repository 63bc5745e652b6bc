"""Each section of docs/benchmarks.md says the commit it was measured at and whether the
tree was clean (issue 14): `git rev-parse HEAD` and `git status --porcelain`, untracked
files included, read from a real repository."""

from __future__ import annotations

import subprocess
from pathlib import Path

from bench import machine


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True,
                          check=True, timeout=30)
    return done.stdout.strip()


def test_the_commit_and_the_tree_state_are_named(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    (repo / "a.py").write_text("x = 1\n")
    _git(repo, "add", "a.py")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "one")
    head = _git(repo, "rev-parse", "--short=12", "HEAD")
    assert machine.git_commit(repo) == f"{head}, clean tree"

    (repo / "new.py").write_text("y = 2\n")  # untracked: the run's code is not the commit's
    assert machine.git_commit(repo) == f"{head}, **dirty** tree (1 uncommitted: new.py)"
    (repo / "a.py").write_text("x = 3\n")
    said = machine.git_commit(repo)
    assert said.startswith(f"{head}, **dirty** tree (2 uncommitted: ")
    assert "a.py" in said and "new.py" in said
