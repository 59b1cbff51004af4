"""The action server's actions. Importing the package (rasa-sdk does it at start) keeps message
text out of the logs and the conversation out of error bodies (privacy/action_server.py)."""
from privacy import action_server

action_server.install()
