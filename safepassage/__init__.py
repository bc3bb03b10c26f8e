"""Safe Passage: case management for networks that rescue people held captive."""

__version__ = "0.1.0"
