"""SQLite (the embedded demo, `make test` without PostgreSQL) folds the case of ASCII letters only, so
`debtor_name__icontains="сапаров"` would miss «Сапаров». Each SQLite connection gets a LIKE that folds the case
of every letter, as PostgreSQL's UPPER(...) LIKE UPPER(...) does. PostgreSQL is unaffected.

LIKE is overridden rather than upper()/lower(): those are used in the expression indexes of unique constraints,
which must keep SQLite's own definition. SQLite documents that an application may override like()."""

import re
from functools import lru_cache


@lru_cache(maxsize=256)
def _pattern(pattern: str, escape: str | None) -> re.Pattern:
    parts, literal = [], False
    for char in pattern:
        if literal:
            parts.append(re.escape(char))
            literal = False
        elif escape is not None and char == escape:
            literal = True
        elif char == "%":
            parts.append(".*")
        elif char == "_":
            parts.append(".")
        else:
            parts.append(re.escape(char))
    return re.compile("".join(parts), re.DOTALL)


def unicode_like(pattern, value, escape=None):
    """SQLite's like(X, Y[, Z]): Y LIKE X [ESCAPE Z], case-insensitive for every alphabet."""
    if pattern is None or value is None:
        return None
    return int(_pattern(str(pattern).casefold(), escape).fullmatch(str(value).casefold()) is not None)


def sqlite_unicode_like(sender, connection, **kwargs) -> None:
    """connection_created receiver: install the LIKE on SQLite connections."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("like", 2, unicode_like, deterministic=True)
        connection.connection.create_function("like", 3, unicode_like, deterministic=True)
