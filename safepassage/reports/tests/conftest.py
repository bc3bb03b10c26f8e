"""Fixtures for the statistics tests: real Chromium for the browser test."""
