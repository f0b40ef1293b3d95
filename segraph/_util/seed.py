"""The one default seed of every random choice segraph makes (sampling, community detection,
layouts), so that the same input gives the same output in every process."""

#: The default seed; every function that draws at random takes a ``seed`` argument defaulting
#: to it.
SEED = 42
