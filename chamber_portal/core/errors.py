"""The one error type for a domain rule that forbids a transition (docs/architecture.md §6).

The API maps it to 409 {"detail", "code"}; the web shows it as a message. Input problems stay
Django's ValidationError (400 with field errors).
"""


class TransitionError(Exception):
    def __init__(self, message, *, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self) -> str:
        return str(self.message)
