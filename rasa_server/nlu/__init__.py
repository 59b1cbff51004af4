"""Custom Rasa NLU components of the PP IA/TI-EV assistant."""
