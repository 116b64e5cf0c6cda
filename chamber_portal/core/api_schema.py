"""The OpenAPI schema's one rule for errors and operation ids (issue 14: errors a script can use).

Every operation documents each error status it can answer, with its body, as chamber_portal.core.api_errors and
the idempotency middleware write it:

- 400 `{field: [messages]}`, nested input keyed as it nests (`creditor.iin_bin`, `applications.3.region`);
- 401 `{"detail"}` (a wrong, expired or revoked token), 403 and 404 `{"detail"}`;
- 409 `{"detail", "code"}` (a rule forbids the transition now), 422 `{"detail", "code": "idempotency_key_reused"}`;
- 429 `{"detail"}` with `Retry-After`.

A view's own `@extend_schema(responses={...})` keeps its description (and its body, if it gives one); this class
adds what is missing. Operation ids read as the call: `applications_submit`, not `applications_submit_create`.
"""

import copy

from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import permissions

from .api_helpers import TransitionErrorOutput

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
# Unsafe operations that no rule of the domain refuses with a 409: a batch answers each item in its place.
NO_CONFLICT = {
    "auth_token_obtain", "auth_logout", "applications_create", "applications_batch_create",
    "applications_batch_submit", "breach_decisions_create", "inspections_create", "powers_of_attorney_create",
    "webhooks_create", "webhooks_destroy",
}
# Where the rule below does not give the clearest name.
OPERATION_IDS = {
    "auth_token": "auth_token_obtain",
    "inspections_cases": "inspections_cases_create",  # adds a case to the sample: a sub-collection without a list
}
# Query parameters that never answer 400 (a page past the end is a 404; page_size is capped at 500).
LENIENT_QUERY = {"page", "page_size"}

FIELD_ERRORS = {
    "type": "object",
    "description": str(_("Field errors: each key a field of the input, its value the messages. Nested input is keyed "
                         "as it nests (`creditor.iin_bin`, `applications.3.region`); `non_field_errors` concerns the "
                         "whole body.")),
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
    "example": {"creditor.iin_bin": ["The check digit is wrong."], "decision_date": ["Date has wrong format."]},
}
ERROR_DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
IDEMPOTENCY_KEY_REUSED = {
    "type": "object",
    "properties": {"detail": {"type": "string"}, "code": {"type": "string", "enum": ["idempotency_key_reused"]}},
    "required": ["detail", "code"],
}
RETRY_AFTER = {
    "Retry-After": {
        "description": str(_("Seconds to wait before the next call.")),
        "schema": {"type": "integer"},
    },
}
DESCRIPTIONS = {
    "400": _("Bad input: the field errors (nested input keyed as it nests, e.g. `creditor.iin_bin`)."),
    "401": _("The token is wrong, has expired or was revoked."),
    "403": _("Not signed in, or the caller may not take this action."),
    "404": _("Not a record the caller can see."),
    "409": _("A rule forbids the transition now (see `code`)."),
    "422": _("The Idempotency-Key was already used for another request."),
    "429": _("Too many calls: wait the seconds of `Retry-After`."),
}


class PortalAutoSchema(AutoSchema):
    def get_operation_id(self) -> str:
        operation_id = super().get_operation_id()
        # A POST on a path that lists nothing is an action (submit, accept, …), not the creation of a row.
        if self.method == "POST" and operation_id.endswith("_create") and not self._lists_here():
            operation_id = operation_id.removesuffix("_create")
        return OPERATION_IDS.get(operation_id, operation_id)

    def _lists_here(self) -> bool:
        action_map = getattr(self.view, "action_map", None)
        if action_map is not None:
            return "get" in action_map
        return hasattr(self.view, "get")

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        responses = operation.setdefault("responses", {})
        for code in self.error_statuses(path, operation):
            documented = responses.setdefault(code, {"description": str(DESCRIPTIONS[code])})
            if not documented.get("description"):
                documented["description"] = str(DESCRIPTIONS[code])
            documented.setdefault("content", {"application/json": {"schema": self._error_schema(code)}})
            if code == "429":
                documented.setdefault("headers", {}).update(RETRY_AFTER)
        operation["responses"] = dict(sorted(responses.items()))
        return operation

    def error_statuses(self, path: str, operation: dict) -> list[str]:
        """The error statuses this operation can answer."""
        authenticated = bool(self.view.get_authenticators())
        public = all(isinstance(p, permissions.AllowAny) for p in self.view.get_permissions())
        query = {p["name"] for p in operation.get("parameters", []) if p.get("in") == "query"}
        codes = ["429"]
        if self.method in UNSAFE - {"DELETE"} or query - LENIENT_QUERY:
            codes.append("400")
        if authenticated:
            codes.append("401")
        if not public or (authenticated and self.method in UNSAFE):  # a session's write also needs its CSRF token
            codes.append("403")
        if "{" in path or "page" in query:
            codes.append("404")
        if self.method in UNSAFE and operation["operationId"] not in NO_CONFLICT:
            codes.append("409")
        if self.method == "POST" and authenticated:  # the Idempotency-Key of an authenticated caller
            codes.append("422")
        return sorted(codes)

    def _error_schema(self, code: str) -> dict:
        if code == "409":
            return self.resolve_serializer(TransitionErrorOutput(), "response").ref
        name, schema = {
            "400": ("FieldErrors", FIELD_ERRORS),
            "422": ("IdempotencyKeyReused", IDEMPOTENCY_KEY_REUSED),
        }.get(code, ("ErrorDetail", ERROR_DETAIL))
        # A copy: the postprocessing hooks rewrite the schema in place (enums become components).
        component = ResolvedComponent(name=name, type=ResolvedComponent.SCHEMA, schema=copy.deepcopy(schema),
                                      object=name)
        self.registry.register_on_missing(component)
        return component.ref
