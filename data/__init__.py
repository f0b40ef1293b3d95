"""Bundled segraph datasets."""
