from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def minimal(request: HttpRequest) -> HttpResponse:
    """The reference: the least a Django view can do with a template."""
    return render(request, "bench/minimal.html", {"title": "Referens"})
