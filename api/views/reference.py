"""Who am I, and the reference lists: regions and languages."""

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view
from rest_framework.response import Response

from accounts.roles import user_role
from api.pagination import Pagination
from api.schema import PAGE, RETRY_AFTER, errors, page_of
from api.serializers import LanguageSerializer, MeSerializer, RegionSerializer
from config.fragments import content_key, kept
from languages.models import Language
from organisations.models import Region
from organisations.services import organisations_of


@extend_schema(
    operation_id="me", summary="The caller", responses={200: MeSerializer, **errors()}, parameters=[RETRY_AFTER]
)
@api_view(["GET"])
def me(request):
    user = request.user
    interpreter = getattr(user, "interpreter", None)
    data = {
        "username": user.get_username(),
        "role": str(user_role(user)),
        "organisations": list(organisations_of(user).values_list("pk", flat=True)),
        "interpreter": interpreter.pk if interpreter is not None else None,
    }
    return Response(MeSerializer(data).data)


def paginated(request, queryset, serializer_class, *, kept_as: str = "") -> Response:
    """One page of `queryset`, serialized; with `kept_as`, the rows' JSON is kept by what they hold
    (config/fragments.py) and serialized again only when a row changed."""
    paginator = Pagination()
    page = paginator.paginate_queryset(queryset, request)

    def serialized():
        return serializer_class(page, many=True).data

    rows = kept(kept_as, content_key(page), serialized) if kept_as else serialized()
    return paginator.get_paginated_response(rows)


@extend_schema(
    operation_id="regions_list",
    summary="Regions",
    responses={200: page_of(RegionSerializer), **errors(404)},
    parameters=[PAGE, RETRY_AFTER],
)
@api_view(["GET"])
def regions(request):
    return paginated(request, Region.objects.order_by("code"), RegionSerializer)


@extend_schema(
    operation_id="languages_list",
    summary="Active languages, commonly requested first",
    responses={200: page_of(LanguageSerializer), **errors(404)},
    parameters=[PAGE, RETRY_AFTER],
)
@api_view(["GET"])
def languages(request):
    return paginated(request, Language.objects.for_choices(), LanguageSerializer)
