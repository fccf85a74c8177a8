"""Renderers (pure): a Plan → text, JSON or Markdown.

Like the planner, this package does no IO; the CLI writes what it returns.
``tests/unit/test_purity.py`` checks the imports.
"""
