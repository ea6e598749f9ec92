"""The settings of every document of a run, and the matchers they need.

Each document takes the configuration found walking up from its folder (config.py), merged with
the command line. Documents are grouped by what their matcher depends on (lexicons, default
lexicon, min-score): each group gets one matcher, built once and shared, so a run under one
configuration builds one matcher however many files it reads, and a repository whose sub-folders
have configurations of their own builds one per distinct lexicon set, not one per folder. A
lexicon set is also loaded once for matchers that differ only by min-score. The other settings
(accept, exclude, include, unsafe-fixes) are cheap and apply per document.
"""

from __future__ import annotations

import os

from .api import load_lexicon, load_matcher
from .config import CONFIG_NAME, PYPROJECT_NAME, Config, Settings, first_config, merged_settings
from .files import config_candidates
from .lexicon import Lexicon
from .matcher import Matcher
from .suppression import Acceptance


class Workspace:
    """Finds and caches configurations by folder, settings by configuration, and matchers by
    what they depend on."""

    def __init__(self, command_line: dict, cwd: str | None = None, cache: bool = False):
        self.command_line = command_line
        self.cwd = cwd or os.getcwd()
        self.cache = cache  # matchers' indexes from the index cache (api.load_matcher)
        self._configs: dict[str, Config | None] = {}
        self._settings: dict[str | None, Settings] = {}
        self._lexicons: dict[tuple, Lexicon] = {}
        self._matchers: dict[tuple, Matcher] = {}
        self._acceptances: dict[tuple, Acceptance] = {}

    def config_for(self, folder: str) -> Config | None:
        """Return the configuration in force in `folder`: the nearest one walking up; raise
        config.ConfigError or files.InputError for one that cannot be used."""
        folder = os.path.abspath(os.path.join(self.cwd, folder))
        if folder not in self._configs:
            self._configs[folder] = first_config(config_candidates(folder, (CONFIG_NAME, PYPROJECT_NAME)))
        return self._configs[folder]

    def settings_for(self, folder: str) -> Settings:
        """Return the settings in force in `folder`: its configuration and the command line."""
        config = self.config_for(folder)
        key = config.path if config else None
        if key not in self._settings:
            self._settings[key] = merged_settings(config, self.command_line, self.cwd)
        return self._settings[key]

    def settings_of(self, path: str) -> Settings:
        """Return the settings of a document (standard input: those of the working directory)."""
        return self.settings_for(self.cwd if path == "-" else os.path.dirname(path) or os.curdir)

    def matcher(self, settings: Settings) -> Matcher:
        """Return the matcher of a group of documents; raise LexiconError or InputError when its
        lexicons cannot be loaded."""
        key = settings.matcher_key
        if key not in self._matchers:
            self._matchers[key] = self._new_matcher(*key)
        return self._matchers[key]

    def _new_matcher(self, lexicons: tuple, default: bool, min_score: float) -> Matcher:
        if self.cache:  # the index read from the cache, or built and stored there
            return load_matcher(list(lexicons), with_default=default, threshold=min_score, cache=True)
        if (lexicons, default) not in self._lexicons:
            self._lexicons[(lexicons, default)] = load_lexicon(list(lexicons), with_default=default)
        return Matcher(self._lexicons[(lexicons, default)], threshold=min_score)

    def acceptance(self, settings: Settings) -> Acceptance:
        """Return what a group of documents accepts (its `accept` list)."""
        key = tuple(settings["accept"])
        if key not in self._acceptances:
            self._acceptances[key] = Acceptance(key)
        return self._acceptances[key]
