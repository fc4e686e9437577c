"""What every API endpoint shares: the one error body, and the schema that documents it.

Every 4xx answer of the API has the same body, made here and nowhere else:

    {"code": "<machine code>", "detail": "<one human sentence>",
     "errors": {"<field or non_field_errors>": ["message", ...]}}

Views do not catch errors: services raise Django's ValidationError (400) or
PermissionDenied (403), selectors and views raise Http404 (404), serializers
raise DRF's ValidationError (400); DRF's own exceptions keep their status and
headers (WWW-Authenticate, Retry-After).
"""
from __future__ import annotations

import re

from django.core import validators
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from drf_spectacular import openapi
from drf_spectacular.utils import OpenApiResponse, extend_schema_field
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

INVALID = "invalid"
NON_FIELD = api_settings.NON_FIELD_ERRORS_KEY  # "non_field_errors"


def error_body(*, code: str, detail: str, errors: dict[str, list[str]] | None = None) -> dict:
    return {"code": code, "detail": detail, "errors": errors or {}}


def _flatten(detail, prefix: str, out: dict[str, list[str]]) -> None:
    """DRF's nested error detail as {"field.sub" / "field[0]": [messages]}."""
    if isinstance(detail, dict):
        for key, value in detail.items():
            if isinstance(key, int):
                name = f"{prefix}[{key}]"
            else:
                name = f"{prefix}.{key}" if prefix else str(key)
            _flatten(value, name, out)
    elif isinstance(detail, list):
        if all(not isinstance(entry, (dict, list)) for entry in detail):
            if detail:
                out.setdefault(prefix or NON_FIELD, []).extend(str(entry) for entry in detail)
        else:
            for index, entry in enumerate(detail):
                _flatten(entry, f"{prefix}[{index}]", out)
    else:
        out.setdefault(prefix or NON_FIELD, []).append(str(detail))


def _django_validation_body(error: DjangoValidationError) -> dict:
    if hasattr(error, "error_dict"):
        leaves = [leaf for errors in error.error_dict.values() for e in errors for leaf in e.error_list]
        errors = {NON_FIELD if field == NON_FIELD_ERRORS else field: messages
                  for field, messages in error.message_dict.items()}
    else:
        leaves = error.error_list
        errors = {NON_FIELD: error.messages}
    codes = {leaf.code for leaf in leaves}
    code = codes.pop() if len(codes) == 1 and None not in codes else INVALID
    return error_body(code=code, detail=_first(errors), errors=errors)


def _first(errors: dict[str, list[str]]) -> str:
    return next((messages[0] for messages in errors.values() if messages), "")


def exception_handler(exc, context):
    """The project's DRF exception handler (REST_FRAMEWORK["EXCEPTION_HANDLER"])."""
    if isinstance(exc, DjangoValidationError):
        set_rollback()
        return Response(_django_validation_body(exc), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # not an API error: a 500, reported as such
    if isinstance(exc, exceptions.ValidationError):
        errors: dict[str, list[str]] = {}
        _flatten(exc.detail, "", errors)
        response.data = error_body(code=INVALID, detail=_first(errors), errors=errors)
    else:
        detail = exc.detail
        code = getattr(detail, "code", None) or exc.default_code
        if not isinstance(detail, str):
            flat: dict[str, list[str]] = {}
            _flatten(detail, "", flat)
            detail = _first(flat)
        response.data = error_body(code=code, detail=str(detail))
    return response


def not_found(request, exception=None):
    """handler404 of both URL configurations: an /api/ path that names no endpoint (an id that is not
    a number, say) answers the one error body, in JSON as the API documents its 404; other paths the page."""
    if request.path_info.startswith("/api/"):
        body = error_body(code=exceptions.NotFound.default_code, detail=str(exceptions.NotFound.default_detail))
        return JsonResponse(body, status=404, json_dumps_params={"ensure_ascii": False})
    from ui.views import page_not_found

    return page_not_found(request, exception)


class ErrorSerializer(serializers.Serializer):
    """The body of every 4xx answer (the OpenAPI component "Error")."""

    code = serializers.CharField(help_text=(
        "机器可读的错误代码：invalid（或服务给出的代码）、not_authenticated、authentication_failed、"
        "permission_denied、not_found、method_not_allowed、not_acceptable、unsupported_media_type、"
        "parse_error、throttled"))
    detail = serializers.CharField(help_text="一句给人看的说明（校验错误时为第一条信息）")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="按字段（嵌套字段写作 field.sub 或 field[0]，其余为 non_field_errors）列出的校验信息；非校验错误为 {}")


@extend_schema_field({"type": "string", "pattern": r"^[0-9]{4}-(0[1-9]|1[0-2])$", "example": "2026-03"})
class MonthField(serializers.DateField):
    """A month, as the API writes it: "YYYY-MM" (the date's day is not part of it)."""

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m", input_formats=["%Y-%m"], **kwargs)


ERROR_RESPONSES = {
    "400": "输入无效",
    # 401 (with WWW-Authenticate: Token) for a request with no credentials and for a token that
    # does not work (accounts.authentication); 403 for a signed-in user or a working token
    # without the capability.
    "401": "未登录（not_authenticated），或令牌无效、已撤销、已过期（authentication_failed）",
    "403": "无权执行此操作（permission_denied）",
    "404": "不存在",
}
# An operation that reads a body also refuses one of a media type none of its parsers reads.
BODY_METHODS = {"POST", "PUT", "PATCH"}
BODY_ERROR_RESPONSES = {"415": "不支持的请求体类型（unsupported_media_type）"}


# What Python's \w and \d match in a str pattern (Unicode letters, numbers, "_"; decimal digits), written
# for ECMA-262, the dialect of a JSON Schema "pattern", where \w and \d are ASCII only.
_UNICODE_SHORTHANDS = {"w": r"\p{L}\p{N}_", "d": r"\p{Nd}"}


def ecma_pattern(pattern: str) -> str:
    r"""A Python regex (as drf-spectacular copies it from a RegexValidator) that means the same in ECMA-262:
    Django's username validator ``^[\w.@+-]+\Z`` accepts "Zoë" and "张三", which ``[\w.@+-]`` there refuses."""
    out: list[str] = []
    in_class = False
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern):
            escaped = pattern[index + 1]
            if escaped in _UNICODE_SHORTHANDS:
                body = _UNICODE_SHORTHANDS[escaped]
                out.append(body if in_class else f"[{body}]")
            else:
                out.append(pattern[index:index + 2])
            index += 2
            continue
        if char == "[" and not in_class:
            in_class = True
        elif char == "]" and in_class:
            in_class = False
        out.append(char)
        index += 1
    return "".join(out)


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's schema, with the one Error body on every operation's 400/401/403/404 (and 415
    where the operation reads a body).

    A pattern copied from a Unicode RegexValidator is rewritten for ECMA-262 (``ecma_pattern``).
    An output field declared with ``default=None`` answers null when its source is missing
    (``CharField(source="occasion.name", default=None)``): it is documented as nullable.
    """

    def _get_serializer_field_meta(self, field, direction):
        meta = super()._get_serializer_field_meta(field, direction)
        if isinstance(field, serializers.Field) and field.default is None and (
                direction == "response" or field.read_only):
            meta["nullable"] = True
        return meta

    def _insert_field_validators(self, field, schema):
        before = schema.get("pattern")
        super()._insert_field_validators(field, schema)
        regex = next((v.regex for v in field.validators if isinstance(v, validators.RegexValidator)), None)
        if schema.get("pattern") != before and regex is not None and not regex.flags & re.ASCII:
            schema["pattern"] = ecma_pattern(schema["pattern"])

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        errors = dict(ERROR_RESPONSES)
        if self.method in BODY_METHODS:
            errors.update(BODY_ERROR_RESPONSES)
        for code, description in errors.items():
            responses[code] = self._get_response_for_code(
                OpenApiResponse(ErrorSerializer, description=description), code, direction=direction)
        return responses
