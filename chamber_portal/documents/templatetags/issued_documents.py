from django import template

from ..selectors import documents_of

register = template.Library()


@register.inclusion_tag("documents/_issued.html")
def issued_documents(*owners):
    """The documents issued for the page's objects, each with its download link and its verification page
    (the page itself has already checked that its reader sees the objects)."""
    return {"documents": documents_of(*owners)}
