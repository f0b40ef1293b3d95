"""Romanised labels for Korean names (Revised Romanization, via ``korean-romanizer``).

Organisations without an English name get a ``@ko-Latn`` label so that readers who do not read
Hangul can still tell nodes apart. Only the Hangul in a name is romanised; Latin letters, digits,
punctuation and other scripts are kept as printed.
"""

from __future__ import annotations

import re
from functools import lru_cache

from korean_romanizer.romanizer import Romanizer

_HANGUL_RUN = re.compile(r"[가-힣]+")


def has_hangul(text: str) -> bool:
    """Whether ``text`` contains at least one Hangul syllable."""
    return _HANGUL_RUN.search(text) is not None


#: Syllables without a final consonant (받침): 가, 나, 조, … (every 28th code point from 가).
_OPEN_SYLLABLES = "".join(chr(code) for code in range(0xAC00, 0xD7A4, 28))

#: A piece of a Hangul run that ends at an open syllable (or at the end of the run).
_SEGMENT = re.compile(f"[^{_OPEN_SYLLABLES}]*[{_OPEN_SYLLABLES}]|[^{_OPEN_SYLLABLES}]+")


@lru_cache(maxsize=65536)
def _romanize_segment(segment: str) -> str:
    try:
        return Romanizer(segment).romanize()
    except (KeyError, IndexError):
        # korean-romanizer has no rule for a few rare clusters (갏까: ㅀ before ㄲ) and raises;
        # such a piece is romanised syllable by syllable, which never fails.
        return "".join(Romanizer(syllable).romanize() for syllable in segment)


def _romanize_run(run: str) -> str:
    """Romanise a run of Hangul syllables, exactly as ``Romanizer(run).romanize()`` would.

    The pronunciation rules the romaniser applies (final consonants carried over to a following
    vowel, ㅎ merged with the next initial, double finals simplified) only ever act between a
    syllable's final consonant and the next syllable's initial. A syllable without a final
    consonant therefore neither changes nor is changed by the syllable after it, so the run can
    be cut after each such syllable and the pieces romanised apart: 협동조합 → 협동조 + 합.
    The pieces repeat across a national list of names far more than whole names or runs do, so
    each is romanised once (``tests/test_romanize.py`` checks the equality).
    """
    return "".join([_romanize_segment(segment) for segment in _SEGMENT.findall(run)])


@lru_cache(maxsize=8192)
def romanize(name: str) -> str:
    """Romanise the Hangul of ``name``, capitalising each run that starts a word.

    Each run of Hangul syllables is romanised on its own (so pronunciation rules apply within a
    run); a run that begins the name or follows a space or punctuation starts with a capital.

    Parameters
    ----------
    name : a name as printed, possibly mixing Hangul with other scripts.

    Returns
    -------
    The name with its Hangul romanised; the name unchanged when it holds no Hangul.

    Examples
    --------
    >>> romanize("사회적협동조합 함께강동")
    'Sahoejeokhyeopdongjohap Hamkkegangdong'
    >>> romanize("KILLSS(암사가죽)")
    'KILLSS(Amsagajuk)'
    """

    def replace(match: re.Match[str]) -> str:
        text = _romanize_run(match.group(0))
        before = name[match.start() - 1] if match.start() else " "
        if before.isspace() or not before.isalnum():
            text = text[:1].upper() + text[1:]
        return text

    return _HANGUL_RUN.sub(replace, name)
