"""Which files a run takes: .gitignore files, and the exclude and include globs.

A folder walk passes over what the .gitignore files say git would ignore: those of the walked
folders, and, inside a git repository, those of the folders between the repository's top and
the walked folder, with `.git/info/exclude` below them all. As in git, a deeper file's patterns
win over a shallower one's, a later pattern over an earlier one, and nothing inside an ignored
folder is taken. A file named on the command line is taken even when ignored.

`exclude` globs leave out files and folders, `include` globs (when any) keep only the files that
match one; both are gitignore-style patterns relative to their folder (the configuration file's,
or the working directory for the command line) and apply to files named on the command line as
well, so that a hook handed file names honours them.

Pure: the texts of .gitignore files are given by the walk (files.py).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

import pathspec

from .config import Globs, Settings


def _spec(lines: list[str]) -> pathspec.GitIgnoreSpec:
    return pathspec.GitIgnoreSpec.from_lines(lines)


def _relative(path: str, folder: str, is_dir: bool) -> str | None:
    """Return `path` relative to `folder` in the form patterns are matched against, or None
    when it lies outside."""
    relative = os.path.relpath(path, folder)
    if relative == os.curdir or relative.startswith(os.pardir + os.sep) or relative == os.pardir:
        return None
    relative = relative.replace(os.sep, "/")
    return relative + "/" if is_dir else relative


@dataclass
class IgnoreFiles:
    """The .gitignore files known so far, by absolute folder."""

    specs: dict[str, pathspec.GitIgnoreSpec] = field(default_factory=dict)

    def add(self, folder: str, text: str | None, below: str | None = None) -> None:
        """Add the .gitignore of `folder` (its text; None when it has none); `below` holds
        patterns of lower precedence for the same folder (.git/info/exclude)."""
        lines = (below or "").splitlines() + (text or "").splitlines()
        key = os.path.abspath(folder)
        if key not in self.specs and any(line.strip() and not line.lstrip().startswith("#") for line in lines):
            self.specs[key] = _spec(lines)

    def ignored(self, path: str, is_dir: bool) -> bool:
        """Whether git would ignore `path` by the known files: the deepest file with a matching
        pattern decides."""
        path = os.path.abspath(path)
        folder = os.path.dirname(path)
        while True:
            spec = self.specs.get(folder)
            relative = _relative(path, folder, is_dir) if spec else None
            if relative is not None:
                result = spec.check_file(relative)
                if result.include is not None:
                    return result.include
            parent = os.path.dirname(folder)
            if parent == folder:
                return False
            folder = parent


def matches(globs: tuple[Globs, ...], path: str, is_dir: bool) -> str | None:
    """Return the first pattern of `globs` that matches `path`, or None."""
    absolute = os.path.abspath(path)
    for group in globs:
        relative = _relative(absolute, group.folder, is_dir)
        if relative is None:
            continue
        for pattern in group.patterns:
            if _compiled(pattern).match_file(relative):
                return pattern
    return None


@lru_cache(maxsize=1024)
def _compiled(pattern: str) -> pathspec.GitIgnoreSpec:
    return _spec([pattern])


@dataclass
class Selection:
    """Decides for each file and folder of a walk whether it is taken, and says why not."""

    settings_for: Callable[[str], Settings]  # the settings in force in a folder
    gitignore: bool = True
    ignore_files: IgnoreFiles = field(default_factory=IgnoreFiles)

    def left_out(self, path: str, is_dir: bool, walked: bool = True) -> str | None:
        """Return why `path` is not taken ("ignored by .gitignore", "excluded by 'drafts/'",
        "not included"), or None when it is; `walked`: met in a folder walk, not named."""
        if walked and self.gitignore and self.ignore_files.ignored(path, is_dir):
            return "ignored by .gitignore"
        settings = self.settings_for(path if is_dir else os.path.dirname(path) or os.curdir)
        pattern = matches(settings.excludes, path, is_dir)
        if pattern is not None:
            return f"excluded by {pattern!r}"
        if not is_dir and settings.includes and matches(settings.includes, path, False) is None:
            return "not included"
        return None
