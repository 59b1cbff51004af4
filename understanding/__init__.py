"""The understanding layer: a message (text, the NLU's intent, entities and clauses) as a typed frame.

No Rasa import. ``read_message`` (frame.py) composes the readers: the questions asked (questions.py),
the people (people.py), the dates with their roles and the durations (dates.py, periods.py), the day
and time asked about (moments.py) and the other details (details.py). Their word lists are data, in
lexicon.yml. The Rasa server's classifier imports questions.py to cut a message into clauses.
"""
