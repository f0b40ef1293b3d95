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


@lru_cache(maxsize=65536)
def _romanize_run(run: str) -> str:
    # Runs repeat across names (협동조합, 사회적협동조합, 마을): romanise each once.
    return Romanizer(run).romanize()


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
