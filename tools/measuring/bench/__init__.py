"""`make bench`: speed, memory and cost of the assistant against Rasa's default configuration.

tools/measuring/servers.py starts and stops the real servers (shared with the tests),
tools/measuring/bench/conversations.py scripts the conversations, tools/measuring/bench/load.py simulates the users,
training.py times the trainings, report.py writes docs/benchmarks.md (plot.py its plot),
and tools/measuring/bench/__main__.py runs it all (`python -m tools.measuring.bench --help`).
"""
