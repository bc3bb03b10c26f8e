"""The browser fixture is registered once, in safepassage/conftest.py."""
