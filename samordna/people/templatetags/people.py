from django import template

register = template.Library()


@register.filter
def contact_visible_to(person, unit) -> bool:
    """{% if person|contact_visible_to:request.acting_unit %}: the protected-identity rule."""
    return person.may_see_contact_details(unit)
