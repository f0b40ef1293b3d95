"""Analyses as pandas DataFrames, for researchers who work in pandas (an optional extra:
``pip install 'segraph[frames]'``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from segraph.errors import UsageError

if TYPE_CHECKING:  # pandas is optional: imported when a frame is asked for
    import pandas


def rows_frame(rows: Sequence[Mapping[str, Any]], index: str = "id") -> pandas.DataFrame:
    """The ``rows`` (dicts with the same keys) as a DataFrame indexed by ``index``; None becomes
    a missing value (NaN), numbers stay numbers.

    Raises
    ------
    UsageError
        When pandas is not installed, saying how to install it.
    """
    try:
        import pandas
    except ImportError:
        raise UsageError("DataFrames need pandas: pip install 'segraph[frames]'") from None
    frame = pandas.DataFrame.from_records(list(rows))
    return frame.set_index(index) if index in frame.columns else frame
