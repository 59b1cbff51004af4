"""Operator insights: `python -m tools.operations.insights --endpoints FILE --out DIR` reads the tracker store
read-only and writes index.html (the page), summary.json (exact counts) and review.yml
(unanswered questions to label). See docs/insights.md."""
