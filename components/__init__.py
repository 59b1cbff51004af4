"""Custom Rasa NLU components of the PP IA/TI-EV assistant.

Importing the package also installs a speed fix in the Rasa server that loads them
(see action_result_validation.py).
"""
from components import action_result_validation

action_result_validation.install()
