"""The review workspace: one review, in tabs (see tabs.py for the list)."""
