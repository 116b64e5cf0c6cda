"""Observability (issue 16): JSON logs with a request id, Prometheus metrics, /livez, Sentry without personal data."""
