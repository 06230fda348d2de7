from __future__ import annotations

from django.http import HttpRequest, JsonResponse


def region_search(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"items": []})
