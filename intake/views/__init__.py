"""Web pages of intake: thin views over the selectors and services."""
