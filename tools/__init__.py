"""Tooling around the assistant, never imported by it: operators' commands (operations/, in the Rasa image) and
measuring and test tooling (measuring/, in no image); make's helper scripts (scripts/)."""
