"""journal-tools: a local-first processor for a Markdown journal of career goals."""

__version__ = "0.1.0"
