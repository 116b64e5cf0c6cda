from django import forms


class BootstrapMixin:
    """Bootstrap classes on every widget, and aria-invalid where a field has errors."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def add_error(self, field, error):
        super().add_error(field, error)
        # Every field with an error (also those named by a dict of errors): marked invalid, and described by its
        # message (the id that templates/includes/field.html gives it) and its help text.
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["aria-invalid"] = "true"
                if "is-invalid" not in widget.attrs.get("class", ""):
                    widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
                auto_id = self[name].auto_id
                if auto_id:
                    described = [f"{auto_id}_error", *([f"{auto_id}_helptext"] if self.fields[name].help_text else [])]
                    widget.attrs["aria-describedby"] = " ".join(described)


def mark_required(field: forms.Field) -> None:
    """A field that may stay empty in a draft but is needed to submit: marked required for the eye and for
    assistive technology (aria-required), without the browser's own check (templates/includes/field.html)."""
    field.marked_required = True
    field.widget.attrs["aria-required"] = "true"
