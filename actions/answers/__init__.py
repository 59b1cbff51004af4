"""Answer handlers by topic: each takes a Turn and returns Replies (response name + values)."""
