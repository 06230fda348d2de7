"""Turn a template key, a language and a context into a subject and a body.

Templates live at ``notifications/<key>/<language>.txt``: the first line is the subject (used by
e-mail, ignored by SMS and WhatsApp), the rest is the body. They are plain text, rendered without
HTML escaping, with the message's language and the recipient's zone active, so ``{% translate %}``
and the date filters of ``message_dates`` (``{{ deadline|long_datetime }}``) follow them. The zone
is the context's ``time_zone`` (the caller's choice for the recipient), else SATUPINTU_TIME_ZONE.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.template import Context, TemplateDoesNotExist, engines
from django.template.backends.django import DjangoTemplates
from django.utils import timezone, translation

from satupintu.core import dates
from satupintu.notifications import sealing

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str

    @property
    def digest(self) -> str:
        return hashlib.sha256(f"{self.subject}\n{self.body}".encode()).hexdigest()


def pick_language(*candidates: str | None) -> str:
    """The first supported language among the candidates, else Indonesian."""
    for candidate in candidates:
        code = (candidate or "").split("-")[0].lower()
        if code in LANGUAGES:
            return code
    return DEFAULT_LANGUAGE


def _template_name(key: str, language: str) -> str:
    return f"notifications/{key}/{language}.txt"


def _engine() -> Any:
    backend = engines["django"]
    assert isinstance(backend, DjangoTemplates)
    return backend.engine


def template_exists(key: str) -> bool:
    """Whether ``key`` has at least its Indonesian text (every other language falls back to it)."""
    if not key or "/" in key or "." in key:
        return False
    try:
        _engine().get_template(_template_name(key, DEFAULT_LANGUAGE))
    except TemplateDoesNotExist:
        return False
    return True


def render(key: str, language: str, context: dict[str, Any]) -> Rendered:
    """Render a notification; a language without its own file falls back to Indonesian."""
    language = pick_language(language)
    context = sealing.unseal(context)
    engine = _engine()
    try:
        template = engine.get_template(_template_name(key, language))
    except TemplateDoesNotExist:
        language = DEFAULT_LANGUAGE
        template = engine.get_template(_template_name(key, language))
    with translation.override(language), timezone.override(dates.zone(context.get("time_zone"))):
        text = template.render(Context(context, autoescape=False))
    subject, _, body = text.strip().partition("\n")
    return Rendered(subject=subject.strip(), body=body.strip())
