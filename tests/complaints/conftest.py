from tests.factories import AssignedApplicationFactory, region


def assigned_case(code: str = "KZ-75", **kwargs):
    """Kept only for tests/complaints/test_audit_events.py (not yet committed by its author): a new test builds
    an assigned case with `AssignedApplicationFactory`."""
    return AssignedApplicationFactory(region=region(code), **kwargs)
