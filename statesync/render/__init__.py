"""Renderers (pure): a Plan → text, JSON or Markdown.

Like the planner, this package does no IO; the CLI writes what it returns.
``tests/unit/test_purity.py`` checks the imports.
"""

from statesync.render.jsonplan import plan_from_json, render_json
from statesync.render.markdown import render_markdown
from statesync.render.text import render_text

__all__ = ["plan_from_json", "render_json", "render_markdown", "render_text"]
