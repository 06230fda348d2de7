from __future__ import annotations

from django.http import HttpRequest
from django.template.response import TemplateResponse

from satupintu.ledger import selectors


def _breakable(value: str, width: int = 16) -> list[str]:
    # Long hex and base64 strings are split so the template can offer line breaks (<wbr>)
    # on narrow screens without changing what a reader copies.
    return [value[i : i + width] for i in range(0, len(value), width)]


def checkpoint(request: HttpRequest) -> TemplateResponse:
    """The public checkpoint: the newest seal, the public key, and how to check both."""
    context = selectors.checkpoint()
    seal = context["seal"]
    context["parts"] = {
        "public_key": _breakable(context["public_key"]["public_key"]),
        **(
            {
                name: _breakable(seal[name])
                for name in ("root", "prev_seal_hash", "seal_hash", "signature")
            }
            if seal
            else {}
        ),
    }
    return TemplateResponse(request, "ledger/checkpoint.html", context)
