from tests.factories import ApplicationFactory, region


def accepted(code: str = "KZ-75", **kwargs):
    """An application accepted by the Chamber, ready for distribution: `ApplicationFactory(accepted=True)` in the
    region of `code` (the shorthand the distribution tests read)."""
    return ApplicationFactory(accepted=True, region=region(code), **kwargs)
