from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """50 rows a page; `?page=` left empty is an invalid page (404), not silently the first."""

    def get_page_number(self, request, paginator):
        number = request.query_params.get(self.page_query_param)
        if number is not None and not number.strip():
            raise NotFound(_("Ongeldige pagina."))
        return super().get_page_number(request, paginator)
