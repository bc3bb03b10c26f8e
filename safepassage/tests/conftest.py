"""The browser fixture is registered once, in safepassage/conftest.py (one Playwright per
process: two session fixtures would start two event loops)."""
