from __future__ import annotations

from pathlib import Path

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from satupintu.ledger import selectors, verify_proof


def _breakable(value: str, width: int = 16) -> list[str]:
    # Long hex and base64 strings are split so the template can offer line breaks (<wbr>)
    # on narrow screens without changing what a reader copies.
    return [value[i : i + width] for i in range(0, len(value), width)]


@require_GET
def checkpoint(request: HttpRequest) -> TemplateResponse:
    """The public checkpoint: the newest seal, the public key, and how to check both."""
    context = selectors.checkpoint()
    seal = context["seal"]
    latest = selectors.latest_seal() if seal else None
    context["seal_time"] = latest.created_at if latest else None
    tree = context["checkpoint"]
    context["tree"] = tree
    context["checkpoint_url"] = request.build_absolute_uri("/api/v1/ledger/checkpoint")
    context["parts"] = {
        **(
            {
                "root_hash": _breakable(tree["root_hash"]),
                "tree_signature": _breakable(tree["signature"]),
            }
            if tree
            else {}
        ),
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


@require_GET
def verifier_source(request: HttpRequest) -> HttpResponse:
    """The standalone proof verifier, so outsiders can check proofs without this codebase."""
    source = Path(verify_proof.__file__).read_bytes()
    response = HttpResponse(source, content_type="text/x-python; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="verify_proof.py"'
    return response
