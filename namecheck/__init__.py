"""namecheck: a consistency checker for transliterated names.

The public API: build a matcher once, then check, fix and match text with it.

    from namecheck import load_matcher, check_text, fix_text
    matcher = load_matcher()
    findings = check_text("Mohamed Chia al-Soudani spoke.", matcher)

Records for indexing: `normalize_records` (dicts) and `normalize_file` (JSON Lines or Parquet);
on a Dask cluster, `namecheck.dask.normalize_bag` (the namecheck[dask] extra).
"""

from .api import check_text, fix_text, load_lexicon, load_matcher
from .batch import normalize_records
from .batch_run import normalize_file
from .consistency import ConsistencyCounter, ConsistencyReport
from .discovery import Discovery
from .lexicon import Lexicon, LexiconError
from .matcher import Matcher
from .models import Entity, Finding, Match, Mention
from .scanner import scan_mentions

__all__ = [
    "ConsistencyCounter",
    "ConsistencyReport",
    "Discovery",
    "Entity",
    "Finding",
    "Lexicon",
    "LexiconError",
    "Match",
    "Matcher",
    "Mention",
    "check_text",
    "fix_text",
    "load_lexicon",
    "load_matcher",
    "normalize_file",
    "normalize_records",
    "scan_mentions",
]
