"""Program rules for the PP IA/TI-EV assistant: plain typed Python, no Rasa import.

Every rule takes ``now`` (a timezone-aware datetime) so it can be tested on any date.
Every rule also takes the ``Knowledge`` it reads (:mod:`pilot_program.knowledge`): the action server passes
the program's file (``pilot_program/facts/program.yml``), the rule tests a small fixture.
"""
