from safepassage.tests.browser import browser  # noqa: F401  (fixture)
