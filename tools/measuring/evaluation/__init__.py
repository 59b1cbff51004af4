"""`make eval`: how well the assistant understands (intents and entities), written to reports/eval/.

Modules: ``examples`` (labelled data), ``predict`` (a trained model's answers), ``metrics``
(scores, pure functions), ``plots`` (confusion matrices), ``crossval`` (k-fold training),
``report`` (summary.md, summary.json, CSV files). The entry point is
``python -m tools.measuring.evaluation`` (``__main__``, ``sections``).
"""
