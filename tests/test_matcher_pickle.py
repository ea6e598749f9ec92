"""A matcher sent to another process: its pickle leaves out what it remembered of the texts it
saw, so it is as small after a scan as before, and the copy answers as the original does."""

import pickle

from corpus import corpus_lines
from namecheck import check_text, load_matcher


def test_a_pickled_matcher_leaves_its_memories_behind_and_answers_the_same():
    matcher = load_matcher()
    fresh = len(pickle.dumps(matcher))
    text = b"".join(corpus_lines(300, matcher.lexicon)).decode("utf-8")
    findings = check_text(text, matcher, format="jsonl")
    assert matcher.windows > 0 and matcher._window_answers
    data = pickle.dumps(matcher)
    assert len(data) < fresh + 1000  # lazily derived lexicon facts may be there; no memories
    copy = pickle.loads(data)
    assert copy.windows == 0 and not copy._window_answers
    assert check_text(text, copy, format="jsonl") == findings and findings
