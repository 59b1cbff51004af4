"""Program rules for the PP IA/TI-EV assistant: plain typed Python, no Rasa import.

Every rule takes ``now`` (a timezone-aware datetime) so it can be tested on any date.
Facts come from ``program/facts/program.yml`` through :mod:`program.knowledge`.
"""
