"""Romanised labels: cutting Hangul runs into pieces gives exactly korean-romanizer's output."""

from __future__ import annotations

import csv
import re

from hypothesis import given, settings
from hypothesis import strategies as st
from korean_romanizer.romanizer import Romanizer

from segraph._util.resources import bundled_dataset
from segraph._util.romanize import _romanize_run, romanize


def syllable(initial: int, medial: int, final: int) -> str:
    """The Hangul syllable of the given jamo indices (Unicode's composition formula)."""
    return chr(0xAC00 + (initial * 21 + medial) * 28 + final)


#: Finals that interact with the next syllable (ㅎ, ㄶ, ㅀ, double finals, plain finals) and
#: the open syllable (0), drawn often so that every pronunciation rule is exercised.
TRICKY_FINALS = [0, 0, 0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15, 18, 19, 21, 22, 27]
#: Initials the rules look at: ㄱ, ㄴ, ㄷ, ㄹ, ㅅ, ㅇ, ㅈ, ㅎ.
TRICKY_INITIALS = [0, 2, 3, 5, 9, 11, 11, 11, 12, 18]

syllables = st.one_of(
    st.builds(syllable, st.integers(0, 18), st.integers(0, 20), st.integers(0, 27)),
    st.builds(
        syllable,
        st.sampled_from(TRICKY_INITIALS),
        st.integers(0, 20),
        st.sampled_from(TRICKY_FINALS),
    ),
)


@settings(max_examples=2000, deadline=None)
@given(st.lists(syllables, min_size=1, max_size=12).map("".join))
def test_a_run_romanised_in_pieces_equals_the_whole_run(run: str) -> None:
    try:
        whole = Romanizer(run).romanize()
    except (KeyError, IndexError):  # korean-romanizer fails on a few rare clusters
        assert re.fullmatch("[a-z]+", _romanize_run(run))
    else:
        assert _romanize_run(run) == whole


def test_a_cluster_korean_romanizer_fails_on_does_not_stop_the_build() -> None:
    # korean-romanizer 0.28 raises KeyError on 갏까 (ㅀ before ㄲ); segraph romanises it
    # syllable by syllable
    assert romanize("농장 갏까") == "Nongjang Galkka"


def test_words_where_pronunciation_crosses_syllables() -> None:
    for word in (
        "좋다",
        "않는",
        "닭이",
        "값어치",
        "읽고",
        "많이",
        "놓아",
        "협동조합",
        "같이",
        "굳이",
    ):
        assert _romanize_run(word) == Romanizer(word).romanize()


def test_every_bundled_name() -> None:
    names = []
    with open(bundled_dataset() / "organisations.csv", encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            names.append(row["name_ko"])
            names.extend(n.strip() for n in row["alt_names"].split(";") if n.strip())
    assert len(names) > 100
    for name in names:
        for run in re.findall("[가-힣]+", name):
            assert _romanize_run(run) == Romanizer(run).romanize()


def test_names_keep_their_other_characters_and_capitals() -> None:
    # korean-romanizer itself: 사회적협동조합 → sahoejeokhyeopdongjohap, 함께 → hamkke.
    assert romanize("사회적협동조합 함께") == "Sahoejeokhyeopdongjohap Hamkke"
    assert romanize("KILLSS(암사가죽)") == "KILLSS(Amsagajuk)"
    assert romanize("No Hangul") == "No Hangul"
