"""The ASGI entry point: the application an ASGI server (uvicorn, daphne) serves."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bangfu.settings")
application = get_asgi_application()
