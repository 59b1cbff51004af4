"""`make bench`: speed, memory and cost of the assistant against Rasa's default configuration.

devtools/servers.py starts and stops the real servers (shared with the tests),
bench/conversations.py scripts the conversations, bench/load.py simulates the users,
bench/training.py times the trainings, bench/report.py writes docs/benchmarks.md (bench/plot.py its plot),
and bench/__main__.py runs it all (`python -m bench --help`).
"""
