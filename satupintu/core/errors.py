"""Errors raised by services; views and the API turn them into responses."""

from __future__ import annotations


class ServiceError(Exception):
    """A request that cannot be carried out; `message` is shown to the person."""

    status = 400
    code = "invalid"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class PermissionDenied(ServiceError):
    status = 403
    code = "forbidden"


class NotFound(ServiceError):
    status = 404
    code = "not_found"


class Conflict(ServiceError):
    status = 409
    code = "conflict"
