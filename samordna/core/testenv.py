"""A pytest plugin loaded with -p before pytest-django reads the settings.

The settings refuse to load without a real SECRET_KEY when DEBUG is off, as tests run;
give the test run its own values unless the environment already has them.
"""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-that-is-long-enough-0123456789")
# Uploads and static files of a test run go to a directory of its own, not to var/; so do
# each pytest-xdist worker's (a worker inherits the environment of the run that starts it).
if os.environ.get("SAMORDNA_VAR_DIR", "") == os.environ.get("SAMORDNA_TEST_VAR_DIR", ""):
    var_dir = Path(tempfile.mkdtemp(prefix="samordna-test-var-"))
    (var_dir / "static").mkdir()
    os.environ["SAMORDNA_VAR_DIR"] = os.environ["SAMORDNA_TEST_VAR_DIR"] = str(var_dir)
    atexit.register(shutil.rmtree, var_dir, ignore_errors=True)
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
