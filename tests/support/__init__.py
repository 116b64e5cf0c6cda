"""Signing in as a user would, second factor included (issue 13). See tests/support/README.md."""

from .auth import (
    PASSWORD,
    TEST_TOTP_SECRET,
    api_token,
    give_second_factor,
    sign_in,
    totp_code,
)

__all__ = ["PASSWORD", "TEST_TOTP_SECRET", "api_token", "give_second_factor", "sign_in", "totp_code"]
