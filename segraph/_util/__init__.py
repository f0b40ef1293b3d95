"""Helpers every stage may use: atomic writes, progress lines, text tables, romanisation, bundled
files."""
