"""``POST /api/token/`` (user name and password): the user's valid token and when it
expires; an expired token is replaced (``tokens.token_for``). Apart from
``monitoring.api.tokens`` because DRF's views import the authentication classes."""

from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response

from monitoring.api.tokens import token_for, token_lifetime

__all__ = ["token_obtain"]


class _ObtainToken(ObtainAuthToken):
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token = token_for(serializer.validated_data["user"])
        return self.get_response_for(token)

    def get_response_for(self, token):
        return Response({"token": token.key, "expires": (token.created + token_lifetime()).isoformat()})


token_obtain = _ObtainToken.as_view()
