from rest_framework import permissions, serializers, viewsets

from .models import Region


class RegionOutput(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = Region
        fields = ["code", "kind", "name", "name_ru", "name_kk", "name_en"]


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """The 20 enforcement districts; public reference data."""

    queryset = Region.objects.all()
    serializer_class = RegionOutput
    permission_classes = [permissions.AllowAny]
    lookup_field = "code"
    pagination_class = None


# auth/token/ and auth/logout/ live in chamber_portal.core.security.api (knox tokens, the second factor).
