"""Short fuzzing runs of every target in tests/fuzzing.py (a longer run: benchmarks/fuzz.py).

Inputs are random bytes and, to reach deeper, random mixtures of pieces of real documents:
names, markup, JSON and TOML syntax, escapes, line endings.
"""

import os

import pytest
from fuzzing import TARGETS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

PIECES = [
    "Mohamed Chia al-Soudani", "Nadjaf", "Hachd al-Chaabi", "Sana‘a", "al-", "Al ", "\n", "\r\n", " ", "-",
    "<p>", "</p>", "<b>", "</b>", "<script>", "&amp;", "&#39;", "<!--", "-->", "<a href=\"", "\">",
    "`", "```", "[", "](", ")", "# ", "> ", "* ", "---\ntitle: ", "|", "\\",
    "{", "}", "[", "]", ":", ",", "\"", "\\u00ed", "\\\"", "null",
    "[lexicon]\nname = \"x\"\n", "[[entity]]\n", "id = \"a\"\n", "name = \"", "variants = [", "aliases = [{ name = ",
    "<w:p>", "<w:r>", "<w:t>", "</w:t>", "</w:r>", "</w:p>", "\x00", "\udcff",
]
DOCUMENTS = st.one_of(
    st.binary(max_size=300),
    st.lists(st.sampled_from(PIECES), max_size=40).map(lambda pieces: "".join(pieces).encode("utf-8", "surrogateescape")),
    st.lists(st.sampled_from(PIECES), max_size=40).map(lambda pieces: b"\x00" + "".join(pieces).encode("utf-8", "surrogateescape")),
)
EXAMPLES = int(os.environ.get("NAMECHECK_EXAMPLES", "80"))


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_target_never_fails(name):
    target = TARGETS[name]
    if name == "docx":
        pytest.importorskip("docx")

    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(DOCUMENTS)
    def run(data):
        target(data)

    run()
