import os

from django.core.wsgi import get_wsgi_application

from samordna.env import exit_on_bad_settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samordna.settings")
# 3 is gunicorn's worker boot error: the master stops instead of restarting workers.
exit_on_bad_settings(exit_code=3)
application = get_wsgi_application()
