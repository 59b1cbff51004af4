"""The Rasa server's side: its start-up and the one hook that installs every patch (startup.py, patches/), the
channels, the NLU components and the spaCy pipeline they load (nlu/), the start and readiness checks (checks/), the
stores (stores/). Imported only by the Rasa process and the tools; never by the action server."""
