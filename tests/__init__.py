"""segraph test suite."""
