"""Identifiers that public registers print, normalised for comparison."""

from __future__ import annotations

import re


def normalise_business_number(value: str) -> str:
    """Return a 사업자등록번호 as its 10 digits (``"123-45-67890"`` → ``"1234567890"``).

    Raises
    ------
    ValueError
        When the value does not hold exactly 10 digits once hyphens, dots and spaces are removed.

    Examples
    --------
    >>> normalise_business_number(" 214-86-12345 ")
    '2148612345'
    """
    digits = re.sub(r"[\s.\-–]", "", value)
    if not (digits.isascii() and digits.isdigit() and len(digits) == 10):
        raise ValueError(f"'{value}' is not a business registration number (10 digits)")
    return digits
