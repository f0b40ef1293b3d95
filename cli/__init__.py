"""The segraph command-line interface."""
