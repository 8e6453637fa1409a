"""A pytest plugin loaded with -p before pytest-django reads the settings.

The settings refuse to load without a real SECRET_KEY when DEBUG is off, as tests run;
give the test run its own values unless the environment already has them.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-that-is-long-enough-0123456789")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
