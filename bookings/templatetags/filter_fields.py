"""`{{ field|filter_field }}`: a filter form's field as crispy-forms' Bootstrap 5 field shows it, without its templates.

crispy's field.html and its includes took some 3 ms a field of every booking list (bench/: list pages under load);
this builds the same markup (label, widget with form-select/form-control, is-invalid and the error list) in Python.
For optional fields of filter forms: no required-field asterisk, help text or input groups."""

from django import forms, template
from django.utils.html import format_html, format_html_join

register = template.Library()


@register.filter
def filter_field(field: forms.BoundField):
    widget = field.field.widget
    classes = [widget.__class__.__name__.lower(), "form-select" if isinstance(widget, forms.Select) else "form-control"]
    attrs = {}
    if field.errors:
        classes.append("is-invalid")
        attrs = {"aria-invalid": "true", "aria-describedby": f"{field.auto_id}_error"}
    if widget.attrs.get("class"):
        classes.insert(0, widget.attrs["class"])
    rendered = field.as_widget(attrs={"class": " ".join(classes), **attrs})
    errors = ""
    if field.errors:
        errors = format_html(
            '<div id="{}_error" class="invalid-feedback">{}</div>',
            field.auto_id,
            format_html_join(
                "",
                '<p id="error_{}_{}"><strong>{}</strong></p>',
                ((n, field.auto_id, e) for n, e in enumerate(field.errors, 1)),
            ),
        )
    return format_html(
        '<div id="div_{}" class="mb-3"><label for="{}" class="form-label">{}</label>{}{}</div>',
        field.auto_id,
        field.id_for_label,
        field.label,
        rendered,
        errors,
    )
