from django import template

from samordna.documents import postal

register = template.Library()


@register.simple_tag
def contact_for(person, unit):
    """{% contact_for person request.acting_unit as contact %}: what the acting unit's page
    may show of the person's contact details (documents.postal); None when protected."""
    return postal.contact(person, for_unit=unit)
