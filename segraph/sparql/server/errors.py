"""The one error a request can end in: an HTTP status and a one-line message."""

from __future__ import annotations


class RequestError(Exception):
    """A request the server answers with an HTTP error status and a one-line message."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
