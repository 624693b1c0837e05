"""A JSON body the API cannot read is a 400 in JSON, whatever is wrong with it."""

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    """DRF's parser, also for bodies nested too deep to decode (`[` × 5000 raises RecursionError)."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except (RecursionError, ValueError) as exc:
            raise ParseError(_("Ongeldige JSON: te diep genest of onleesbaar.")) from exc
