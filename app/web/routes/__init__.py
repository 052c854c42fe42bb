"""Page routes, one module per role; ``auth`` holds sign-in, registration, invitations and API keys."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request


async def _form(request: Request) -> dict[str, Any]:
    form = await request.form()
    return {key: value for key, value in form.multi_items() if key != "csrf_token"}


# The submitted form (parsed once: the CSRF check reads the same cached form) without its CSRF token.
FormData = Annotated[dict[str, Any], Depends(_form)]


def text(form: dict[str, Any], name: str) -> str | None:
    value = form.get(name)
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value or None
