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
    >>> normalise_business_number("2148612345.0")  # as a spreadsheet exports a number
    '2148612345'
    """
    return _register_digits(value, 10, "business registration number", r"[\s.\-–]")


def normalise_corporate_number(value: str) -> str:
    """Return a 법인등록번호 as its 13 digits (``"110111-1234567"`` → ``"1101111234567"``).

    Raises
    ------
    ValueError
        When the value does not hold 13 digits once hyphens and spaces are removed, or when its
        check digit does not match (the last digit is (10 − the sum of the first twelve
        weighted 1, 2, 1, 2, … mod 10) mod 10).

    Examples
    --------
    >>> normalise_corporate_number("110111-0000010")
    '1101110000010'
    """
    digits = _register_digits(value, 13, "corporate registration number", r"[\s\-–]")
    total = sum(int(d) * (1 if i % 2 == 0 else 2) for i, d in enumerate(digits[:12]))
    if (10 - total % 10) % 10 != int(digits[12]):
        raise ValueError(
            f"'{value}': the check digit of a corporate registration number does not match"
        )
    return digits


def _register_digits(value: str, length: int, register: str, separators: str) -> str:
    """The ``length`` digits of a register number once ``separators`` are removed; a number a
    spreadsheet wrote out as ``1234567890.0`` is read too."""
    text = value.strip()
    if re.fullmatch(rf"\d{{{length}}}\.0+", text):
        text = text.split(".")[0]
    digits = re.sub(separators, "", text)
    if not (digits.isascii() and digits.isdigit() and len(digits) == length):
        raise ValueError(f"'{value}' is not a {register} ({length} digits)")
    return digits


#: Weights of the first nine digits in the check digit of a 사업자등록번호.
_CHECK_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)


def business_number_check_digit(digits: str) -> int:
    """Return the check digit (the 10th digit) that the first nine digits call for.

    The National Tax Service's rule: the digits weighted 1, 3, 7, 1, 3, 7, 1, 3, 5 are summed,
    plus the integer part of (9th digit × 5) / 10; the check digit is (10 − sum mod 10) mod 10.

    Examples
    --------
    >>> business_number_check_digit("1234567891")
    1
    """
    numbers = [int(d) for d in digits[:9]]
    total = sum(w * d for w, d in zip(_CHECK_WEIGHTS, numbers, strict=True))
    total += numbers[8] * 5 // 10
    return (10 - total % 10) % 10
