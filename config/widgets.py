"""The project's date and time widgets. A browser's `<input type="date">` (and time, datetime-local) accepts only
ISO values, whatever the language: a localized value such as 20/01/2026 is dropped and the field shows blank.
The browser shows the date in the user's own format; the form reads the ISO value back, since Django accepts ISO
input in every language."""

from django import forms


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")
