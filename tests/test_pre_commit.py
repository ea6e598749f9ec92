"""The pre-commit hooks, as a user runs them: `pre-commit try-repo` on a new git repository,
with the hook's environment built from this repository by pre-commit itself."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
STORY = "Prime Minister Mohamed Chia al-Soudani spoke on Sunday.\n"


def test_the_hooks_are_declared():
    hooks = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert set(hooks) == {"namecheck", "namecheck-fix"}
    assert hooks["namecheck"]["entry"] == "namecheck check" and hooks["namecheck-fix"]["entry"] == "namecheck fix"


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    folder = tmp_path_factory.mktemp("desk")
    (folder / "story.md").write_text(STORY, encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=folder, check=True)
    subprocess.run(["git", "add", "story.md"], cwd=folder, check=True)
    return folder


def _try_repo(desk: Path, hook: str) -> subprocess.CompletedProcess:
    """Run one hook of this repository on every file of `desk`; pre-commit's own cache (the
    environment it builds for the hook) is kept beside the desk for the whole module."""
    environment = {**os.environ, "PRE_COMMIT_HOME": str(desk.parent / "pre-commit-home"), "NO_COLOR": "1"}
    environment.pop("VIRTUAL_ENV", None)
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), hook, "--all-files", "--color", "never"]
    return subprocess.run(command, cwd=desk, capture_output=True, text=True, env=environment, timeout=900)


def test_the_hook_fails_on_a_variant_and_passes_after_the_fix(desk):
    found = _try_repo(desk, "namecheck")
    assert found.returncode == 1, found.stdout + found.stderr
    assert "story.md:1:16: Mohamed Chia al-Soudani -> Mohammed Shia al-Sudani" in found.stdout
    fixed = _try_repo(desk, "namecheck-fix")
    assert fixed.returncode == 1 and "files were modified by this hook" in fixed.stdout
    assert (desk / "story.md").read_text(encoding="utf-8") == STORY.replace("Mohamed Chia al-Soudani", "Mohammed Shia al-Sudani")
    clean = _try_repo(desk, "namecheck")
    assert clean.returncode == 0, clean.stdout + clean.stderr
