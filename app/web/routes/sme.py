"""SME pages: enterprise profile, products (add / edit / retire), the supply-list upload with its error report,
and opportunities — open demand items that fit the products, best first, with the reasons — with 有意向."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, File, Request, UploadFile
from pydantic import ValidationError
from starlette.responses import RedirectResponse, Response

from app.core.db import SessionDep
from app.core.errors import ChainmatchError
from app.models import ItemCategory, SupplyStatus
from app.schemas.enterprises import EnterpriseUpdate
from app.schemas.items import SupplyItemCreate, SupplyItemUpdate
from app.services import enterprises as enterprise_service
from app.services.imports import ImportInvalid, ListKind
from app.services.items import interests as interest_service
from app.services.items import supply_items as supply_service
from app.services.items.common import ItemFilters
from app.services.listing import PageRequest
from app.services.ranking import suggestions as suggestion_service
from app.web.routes import FormData, text
from app.web.routes.imports import annotated_download, run_import, template_download
from app.web.security import SmeUser
from app.web.templating import form_errors, render

router = APIRouter(prefix="/sme", include_in_schema=False)
SUPPLY_FIELDS = ("category", "product_name", "description", "part_numbers", "capacity", "certifications",
                 "intended_customers", "item_code")
PAGE_SIZE = 50


@router.get("")
def opportunities(request: Request, db_session: SessionDep, web: SmeUser) -> Response:
    result = suggestion_service.suggestions_for_enterprise(
        db_session=db_session, index=request.app.state.matching, principal=web.principal,
        enterprise_id=web.principal.enterprise_id, per_item=5)
    presented = suggestion_service.present_enterprise_suggestions(result, web.principal)
    best: dict[int, Any] = {}
    for group in presented.opportunities:
        for opportunity in group.opportunities:
            seen = best.get(opportunity.demand_item.id)
            if seen is None or opportunity.score > seen[0].score:
                best[opportunity.demand_item.id] = (opportunity, group.supply_item)
    ranked = sorted(best.values(), key=lambda pair: -pair[0].score)
    interested = interest_service.own_interests(db_session=db_session, principal=web.principal)
    return render(request, "sme/opportunities.html", {"opportunities": ranked, "interested": interested,
                                                      "products": len(presented.opportunities)})


@router.post("/interest")
def express_interest(request: Request, db_session: SessionDep, web: SmeUser, form: FormData) -> Response:
    demand_id, supply_id = int(form.get("demand_item_id") or 0), int(form.get("supply_item_id") or 0)
    interest_service.express_interest(db_session=db_session, principal=web.principal, demand_item_id=demand_id,
                                      supply_item_id=supply_id)
    if request.headers.get("HX-Request") == "true":
        return render(request, "sme/_interest_done.html", {})
    return RedirectResponse("/sme", status_code=303)


# ── profile ───────────────────────────────────────────────────────────────────────────────────────────────────
PROFILE_FIELDS = ("name", "district", "contact_person", "phone", "email")


@router.get("/profile")
def profile(request: Request, db_session: SessionDep, web: SmeUser) -> Response:
    enterprise = enterprise_service.get_enterprise(db_session=db_session, principal=web.principal,
                                                   enterprise_id=web.principal.enterprise_id)
    values = {name: getattr(enterprise, name) for name in PROFILE_FIELDS}
    values["brands"] = "、".join(enterprise.brands or [])
    return render(request, "sme/profile.html", {"enterprise": enterprise, "values": values, "errors": {}})


@router.post("/profile")
def save_profile(request: Request, db_session: SessionDep, web: SmeUser, form: FormData) -> Response:
    values = {name: text(form, name) for name in PROFILE_FIELDS}
    values["brands"] = text(form, "brands") or ""
    try:
        enterprise_service.update_enterprise(db_session=db_session, principal=web.principal,
                                             enterprise_id=web.principal.enterprise_id,
                                             data=EnterpriseUpdate(**{**values, "brands": values["brands"] or []}))
    except (ValidationError, ChainmatchError) as exc:
        enterprise = enterprise_service.get_enterprise(db_session=db_session, principal=web.principal,
                                                       enterprise_id=web.principal.enterprise_id)
        return render(request, "sme/profile.html", {"enterprise": enterprise, "values": values,
                                                    "errors": form_errors(exc)}, status_code=422)
    return RedirectResponse("/sme/profile?saved=1", status_code=303)


# ── products ──────────────────────────────────────────────────────────────────────────────────────────────────
@router.get("/products")
def products(request: Request, db_session: SessionDep, web: SmeUser, q: str | None = None, offset: int = 0) -> Response:
    rows, total = supply_service.SUPPLY_ITEMS.list(
        db_session=db_session, principal=web.principal,
        filters=ItemFilters(owner=web.principal.enterprise_id, q=(q or None) and q[:100]),
        page=PageRequest(limit=PAGE_SIZE, offset=max(offset, 0)), sort="-updated_at")
    return render(request, "sme/products.html", {"items": rows, "total": total, "q": q or "", "offset": offset,
                                                 "page_size": PAGE_SIZE})


def _form_values(form: dict[str, Any]) -> dict[str, Any]:
    return {name: text(form, name) for name in SUPPLY_FIELDS}


def _product_form(request: Request, values: dict[str, Any], errors: dict[str, str], item_id: int | None,
                  status_code: int = 200) -> Response:
    return render(request, "sme/product_form.html", {"values": values, "errors": errors, "item_id": item_id,
                                                     "categories": list(ItemCategory)}, status_code=status_code)


@router.get("/products/new")
def new_product(request: Request, web: SmeUser) -> Response:
    return _product_form(request, {"category": ItemCategory.COMPONENT.value}, {}, None)


@router.post("/products/new")
def create_product(request: Request, db_session: SessionDep, web: SmeUser, form: FormData) -> Response:
    values = _form_values(form)
    try:
        supply_service.SUPPLY_ITEMS.create(db_session=db_session, principal=web.principal,
                                           data=SupplyItemCreate(**{k: v for k, v in values.items() if v}))
    except (ValidationError, ChainmatchError) as exc:
        return _product_form(request, values, form_errors(exc), None, status_code=422)
    return RedirectResponse("/sme/products", status_code=303)


@router.get("/products/{item_id}/edit")
def edit_product(request: Request, item_id: int, db_session: SessionDep, web: SmeUser) -> Response:
    item = supply_service.SUPPLY_ITEMS.get(db_session=db_session, principal=web.principal, item_id=item_id)
    shown = supply_service.present(item, web.principal)
    values = {"category": shown.category.value, "product_name": shown.product_name, "description": shown.description,
              "part_numbers": "；".join(shown.part_numbers), "capacity": shown.capacity,
              "certifications": "；".join(shown.certifications), "item_code": shown.item_code,
              "intended_customers": "；".join(c.name for c in shown.intended_customers)}
    return _product_form(request, values, {}, item_id)


@router.post("/products/{item_id}/edit")
def update_product(request: Request, item_id: int, db_session: SessionDep, web: SmeUser, form: FormData) -> Response:
    values = _form_values(form)
    try:
        changes = {k: v for k, v in values.items() if v is not None or k in ("description", "capacity")}
        supply_service.SUPPLY_ITEMS.update(db_session=db_session, principal=web.principal, item_id=item_id,
                                           data=SupplyItemUpdate(**changes))
    except (ValidationError, ChainmatchError) as exc:
        if isinstance(exc, ChainmatchError) and exc.status_code in (403, 404):
            raise
        return _product_form(request, values, form_errors(exc), item_id, status_code=422)
    return RedirectResponse("/sme/products", status_code=303)


@router.post("/products/{item_id}/retire")
def retire_product(request: Request, item_id: int, db_session: SessionDep, web: SmeUser) -> Response:
    supply_service.SUPPLY_ITEMS.update(db_session=db_session, principal=web.principal, item_id=item_id,
                                       data=SupplyItemUpdate(status=SupplyStatus.INACTIVE))
    return RedirectResponse("/sme/products", status_code=303)


# ── upload ────────────────────────────────────────────────────────────────────────────────────────────────────
@router.get("/upload")
def upload_page(request: Request, web: SmeUser) -> Response:
    return render(request, "imports/upload.html", {"kind": ListKind.SUPPLY, "base": "/sme/upload", "result": None,
                                                  "invalid": None})


@router.post("/upload")
def upload(request: Request, db_session: SessionDep, web: SmeUser, file: UploadFile = File(...)) -> Response:
    return run_import(request, db_session, web, file, ListKind.SUPPLY, base="/sme/upload")


@router.post("/upload/annotated")
def upload_annotated(request: Request, db_session: SessionDep, web: SmeUser, file: UploadFile = File(...)) -> Response:
    return annotated_download(request, db_session, web, file, ListKind.SUPPLY)


@router.get("/upload/template.xlsx")
def upload_template(web: SmeUser) -> Response:
    return template_download(ListKind.SUPPLY)


__all__ = ["router", "ImportInvalid"]
