"""Domain exceptions. Messages are module constants in each app so tests can assert on them."""


class DomainError(Exception):
    code = "domain_error"
    http_status = 400

    def __init__(self, message: str, *, code: str | None = None):
        super().__init__(message)
        if code:
            self.code = code


class ConflictError(DomainError):
    """Someone else saved first (optimistic locking)."""

    code = "conflict"
    http_status = 409

    def __init__(self, message: str, *, changes: dict | None = None):
        super().__init__(message)
        self.changes = changes or {}


class TransitionError(DomainError):
    code = "illegal_transition"
