#!/usr/bin/env python
import os
import sys

# Commands that only build files from the source (no server, no data) need no production
# secrets: they run with the development defaults unless DEBUG is set.
BUILD_COMMANDS = {"makemigrations", "makemessages", "compiletranslations"}

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samordna.settings")
    if len(sys.argv) > 1 and sys.argv[1] in BUILD_COMMANDS:
        os.environ.setdefault("DEBUG", "true")
    from django.core.management import execute_from_command_line

    from samordna.env import exit_on_bad_settings

    exit_on_bad_settings()
    execute_from_command_line(sys.argv)
