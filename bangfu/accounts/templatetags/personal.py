"""`{% phone number county_id=… helper_id=… %}`: a contact number as the viewer may see it."""

from django import template

from bangfu.accounts.contacts import phone_for

register = template.Library()


@register.simple_tag(takes_context=True)
def phone(context, number, county_id=None, helper_id=None):
    request = context.get("request")
    return phone_for(
        getattr(request, "user", None), number, county_id=county_id, helper_id=helper_id
    )
