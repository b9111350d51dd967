from django.urls import path

from config.urls import urlpatterns as product_urlpatterns

from .views import minimal

urlpatterns = [
    path("__bench__/minimal/", minimal, name="bench_minimal"),
    *product_urlpatterns,
]
