#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samordna.settings")
    from django.core.management import execute_from_command_line

    from samordna.env import exit_on_bad_settings

    exit_on_bad_settings()
    execute_from_command_line(sys.argv)
