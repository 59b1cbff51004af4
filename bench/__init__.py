"""`make bench`: speed, memory and cost of the assistant against Rasa's default configuration.

bench/servers.py starts and stops the real servers (shared with tests/servers.py),
bench/conversations.py scripts the conversations, bench/load.py simulates the users,
bench/training.py times the trainings, bench/report.py writes docs/benchmarks.md,
and bench/__main__.py runs it all (`python -m bench --help`).
"""
