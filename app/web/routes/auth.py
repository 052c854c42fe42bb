"""Sign-in and out, self-registration, invitation links, and a user's API keys of their own enterprise."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import ValidationError
from starlette.responses import RedirectResponse, Response

from app.core.db import SessionDep
from app.core.errors import ChainmatchError, Unauthorized
from app.schemas.users import Registration
from app.services import users as user_service
from app.web.routes import FormData, text
from app.web.security import (
    SignedInUser,
    check_anonymous_csrf,
    clear_session_cookie,
    safe_next,
    session_token,
    set_session_cookie,
    start_page,
)
from app.web.templating import form_errors, render

router = APIRouter(include_in_schema=False)
AnonymousForm = Annotated[None, Depends(check_anonymous_csrf)]


@router.get("/")
def home(request: Request, db_session: SessionDep) -> Response:
    token = session_token(request)
    signed = user_service.resolve_session(db_session=db_session, token=token) if token else None
    return RedirectResponse(start_page(signed.user.role) if signed else "/login", status_code=303)


@router.get("/login")
def login_page(request: Request, next: str | None = None) -> Response:
    return render(request, "auth/login.html", {"next": safe_next(next, ""), "errors": {}}, anonymous_form=True)


@router.post("/login")
def login(request: Request, db_session: SessionDep, form: FormData, _: AnonymousForm) -> Response:
    login_name, password = text(form, "login") or "", form.get("password") or ""
    try:
        user = user_service.authenticate(db_session=db_session, login=login_name, password=str(password))
    except Unauthorized as exc:
        # Rendered, not raised: the failure count must be committed with this request.
        return render(request, "auth/login.html", {"next": safe_next(text(form, "next"), ""), "login": login_name,
                                                    "errors": {"_form": exc.message}},
                      status_code=401, anonymous_form=True)
    token, _row = user_service.start_session(db_session=db_session, user=user, replaces=session_token(request))
    response = RedirectResponse(safe_next(text(form, "next"), start_page(user.role)), status_code=303)
    set_session_cookie(request, response, token)
    return response


@router.post("/logout")
def logout(request: Request, db_session: SessionDep, web: SignedInUser) -> Response:
    user_service.end_session(db_session=db_session, token=session_token(request) or "")
    response = RedirectResponse("/login", status_code=303)
    clear_session_cookie(response)
    return response


@router.post("/logout/everywhere")
def logout_everywhere(db_session: SessionDep, web: SignedInUser) -> Response:
    user_service.end_all_sessions(db_session=db_session, user_id=web.user_id)
    response = RedirectResponse("/login", status_code=303)
    clear_session_cookie(response)
    return response


@router.get("/register")
def register_page(request: Request) -> Response:
    return render(request, "auth/register.html", {"values": {"role": "sme"}, "errors": {}}, anonymous_form=True)


@router.post("/register")
def register(request: Request, db_session: SessionDep, form: FormData, _: AnonymousForm) -> Response:
    values = {k: text(form, k) for k in ("role", "name", "credit_code", "district", "contact_person", "phone",
                                         "email", "login")}
    try:
        data = Registration(**{k: v for k, v in values.items() if v is not None},
                            password=str(form.get("password") or ""))
        user_service.register(db_session=db_session, data=data)
    except (ValidationError, ChainmatchError) as exc:
        return render(request, "auth/register.html", {"values": values, "errors": form_errors(exc)},
                      status_code=422, anonymous_form=True)
    return render(request, "auth/registered.html", {"values": values})


@router.get("/invite/{token}")
def invitation_page(request: Request, token: str, db_session: SessionDep) -> Response:
    invitation = user_service.open_invitation(db_session=db_session, token=token)
    return render(request, "auth/invite.html", {"invitation": invitation, "token": token, "errors": {},
                                                "values": {}}, anonymous_form=True)


@router.post("/invite/{token}")
def accept_invitation(request: Request, token: str, db_session: SessionDep, form: FormData,
                      _: AnonymousForm) -> Response:
    invitation = user_service.open_invitation(db_session=db_session, token=token)
    values = {"login": text(form, "login"), "display_name": text(form, "display_name")}
    try:
        user = user_service.accept_invitation(db_session=db_session, token=token, login=values["login"] or "",
                                              password=str(form.get("password") or ""),
                                              display_name=values["display_name"] or values["login"] or "")
    except ChainmatchError as exc:
        return render(request, "auth/invite.html", {"invitation": invitation, "token": token, "values": values,
                                                    "errors": form_errors(exc)}, status_code=422, anonymous_form=True)
    new_token, _row = user_service.start_session(db_session=db_session, user=user, replaces=session_token(request))
    response = RedirectResponse(start_page(user.role), status_code=303)
    set_session_cookie(request, response, new_token)
    return response


@router.get("/account/keys")
def keys_page(request: Request, db_session: SessionDep, web: SignedInUser) -> Response:
    keys = user_service.list_keys(db_session=db_session, principal=web.principal)
    return render(request, "auth/keys.html", {"keys": keys, "new_secret": None})


@router.post("/account/keys")
def create_key(request: Request, db_session: SessionDep, web: SignedInUser, form: FormData) -> Response:
    _key, secret = user_service.create_key(db_session=db_session, principal=web.principal, label=text(form, "label"))
    keys = user_service.list_keys(db_session=db_session, principal=web.principal)
    return render(request, "auth/keys.html", {"keys": keys, "new_secret": secret}, status_code=201)


@router.post("/account/keys/{key_id}/revoke")
def revoke_key(request: Request, key_id: int, db_session: SessionDep, web: SignedInUser) -> Response:
    user_service.revoke_key(db_session=db_session, principal=web.principal, key_id=key_id)
    return RedirectResponse("/account/keys", status_code=303)
