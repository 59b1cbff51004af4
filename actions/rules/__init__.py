"""Program rules for the PP IA/TI-EV assistant: plain typed Python, no Rasa import.

Every rule takes ``now`` (a timezone-aware datetime) so it can be tested on any date.
Facts come from ``actions/knowledge/program.yml`` through :mod:`actions.rules.knowledge`.
"""
