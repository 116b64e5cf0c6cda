from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, viewsets
from rest_framework.authtoken.views import ObtainAuthToken

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


class TokenOutput(serializers.Serializer):
    token = serializers.CharField()


class TokenObtainApi(ObtainAuthToken):
    """POST {"username", "password"} → {"token"}; then send `Authorization: Token <token>`."""

    @extend_schema(request=ObtainAuthToken.serializer_class, responses=TokenOutput)
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)
