"""What a user may have meant: names close to one that matches nothing, for error messages."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable

#: Most close matches a hint names.
LIMIT = 5


def fold_typed_name(text: str) -> str:
    """Fold a name for matching what a user typed: Unicode NFC, case-folded, without spaces.

    Examples
    --------
    >>> fold_typed_name("Mapo- GU") == fold_typed_name("mapo-gu")
    True
    """
    return "".join(unicodedata.normalize("NFC", text).casefold().split())


def close_matches(value: str, choices: Iterable[str], limit: int = LIMIT) -> list[str]:
    """Return up to ``limit`` of ``choices`` a user typing ``value`` may have meant.

    The choices that contain ``value`` (compared folded, :func:`fold_typed_name`) come first;
    when none does, the closest spellings difflib finds. IRIs are left out: they are no help
    to a reader.

    Examples
    --------
    >>> close_matches("청년", ["청년 창업", "노인 돌봄", "청년이 만드는 사업"])
    ['청년 창업', '청년이 만드는 사업']
    >>> close_matches("enterprize", ["enterprise", "team"])
    ['enterprise']
    """
    names = sorted({c for c in choices if "://" not in c})
    wanted = fold_typed_name(value)
    containing = [c for c in names if wanted and wanted in fold_typed_name(c)]
    return containing[:limit] or difflib.get_close_matches(value, names, n=limit, cutoff=0.6)


def did_you_mean(value: str, choices: Iterable[str], listed: int = 10) -> str:
    """Return a hint for a value not found among ``choices``, or "".

    The hint names the close matches (:func:`close_matches`); when there are none and
    ``choices`` has at most ``listed`` items, it names them all.

    Examples
    --------
    >>> did_you_mean("enterprize", ["enterprise", "team"])
    " (did you mean 'enterprise'?)"
    >>> did_you_mean("s3", ["s1", "s2"])
    ' (known: s1, s2)'
    """
    options = sorted(set(choices))
    matches = close_matches(value, options)
    if matches:
        return " (did you mean " + " or ".join(f"'{m}'" for m in matches) + "?)"
    if options and len(options) <= listed:
        return f" (known: {', '.join(options)})"
    return ""
