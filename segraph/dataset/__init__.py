"""Stage 1: dataset folders (CSV) read into checked records, merged into one ecosystem."""
