"""Settings for the worker processes the crash tests start and kill.

config.settings plus the notification settings taken from the environment, so the tests do not
depend on which of them the main settings module reads yet.
"""

import os

from config.settings import *  # noqa: F403

SMS_GATEWAY = os.environ.get("SMS_GATEWAY", "file")
SMS_GATEWAY_URL = os.environ.get("SMS_GATEWAY_URL", "")
SMS_GATEWAY_TOKEN = os.environ.get("SMS_GATEWAY_TOKEN", "")
SMS_GATEWAY_TIMEOUT = int(os.environ.get("SMS_GATEWAY_TIMEOUT", "10"))
NOTIFICATIONS_LEASE_SECONDS = int(os.environ.get("NOTIFICATIONS_LEASE_SECONDS", "300"))
# The tests drive delivery with the command; notify() must not deliver on its own.
TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
