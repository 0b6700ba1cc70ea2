"""The current programme and its counties: the one place every app reads them from."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from .models import Division, Programme, RegionPairing


def current_programme() -> Programme:
    """The programme marked current; a clear error when the city office has set none."""
    programme = Programme.objects.filter(is_current=True).first()
    if programme is None:
        raise ValidationError(_("No programme is marked current; the city office sets one."))
    return programme


def programme_or_404() -> Programme:
    """The current programme for a page: 404 with the reason when there is none."""
    try:
        return current_programme()
    except ValidationError as exc:
        raise Http404(exc.messages[0]) from None


def programme_counties(programme: Programme) -> list[Division]:
    """The helped counties of a programme (its region pairings), else every county."""
    ids = RegionPairing.objects.filter(programme=programme).values_list("county_id", flat=True)
    qs = Division.objects.filter(level="county")
    if ids.exists():
        qs = qs.filter(pk__in=ids)
    return list(qs.order_by("code"))
