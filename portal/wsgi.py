"""WSGI entry point: gunicorn serves `portal.wsgi:application` in production."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

application = get_wsgi_application()

# In the gunicorn master under preload_app, before the fork (portal/warmup.py). PORTAL_WARM_UP=0 skips it, to
# compare: measured with it, workers' PSS 67 → 57–61 MB and USS 56 → 36–40 MB, RSS 92 → 102–106 MB (the
# shared OpenCC tables now counted in every worker, which a worker serving 繁 readers loads anyway).
if os.environ.get("PORTAL_WARM_UP", "1") == "1":
    from portal.warmup import warm_up

    warm_up()
