"""Operators' commands: make insights, make purge, make check-sources, make audit."""
