"""Belgian date, time and number formats per interface language (settings.FORMAT_MODULE_PATH).

One date format per language on every page, mail, export and chart: the short form 20/01/2026 (with 14:30 for a
moment), whatever the format name a template asks for (DATE_FORMAT, SHORT_DATE_FORMAT, ...), so that a `{{ date }}`
without a format and a `|date:"SHORT_DATE_FORMAT"` agree. Where a human-readable day is wanted (a mail, the
"when" of a booking) the one long form is `|date:"l j F Y"` ("dinsdag 8 december 2026", with " H:i"
for a moment), its words in the language. tests/i18n/test_page_walk.py checks every page against both."""
