"""Chain leader pages: the demand list (add / edit / close / import), each key item's ranked suppliers with the
explanation as bars, filters, one-click decisions with their history, and free-text supplier search."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, File, Request, UploadFile
from pydantic import ValidationError
from starlette.responses import RedirectResponse, Response

from app.core.db import SessionDep
from app.core.errors import ChainmatchError
from app.models import DecisionStatus, DemandStatus, ItemCategory, QualificationKind
from app.schemas.decisions import DecisionCreate
from app.schemas.items import DemandItemCreate, DemandItemUpdate
from app.services import decisions as decision_service
from app.services.imports import ListKind
from app.services.items import demand_items as demand_service
from app.services.items import interests as interest_service
from app.services.items.common import ItemFilters
from app.services.listing import PageRequest
from app.services.ranking import suggestions as suggestion_service
from app.web.routes import FormData, text
from app.web.routes.imports import annotated_download, run_import, template_download
from app.web.security import LeaderUser
from app.web.templating import form_errors, render

router = APIRouter(prefix="/leader", include_in_schema=False)
DEMAND_FIELDS = ("category", "product_name", "specification", "part_numbers", "annual_quantity", "quantity_unit",
                 "certifications", "preferred_region", "item_code", "confidential")
SUGGESTION_LIMIT = 10
# The one-click buttons on a supplier, in the order of the pipeline (拒绝 asks for a reason separately).
DECISION_BUTTONS = (DecisionStatus.SHORTLISTED, DecisionStatus.INTENT, DecisionStatus.SAMPLE, DecisionStatus.PILOT,
                    DecisionStatus.ONBOARDED)


@router.get("")
def demand_list(request: Request, db_session: SessionDep, web: LeaderUser, q: str | None = None,
                status: str | None = None) -> Response:
    rows, total = demand_service.DEMAND_ITEMS.list(
        db_session=db_session, principal=web.principal,
        filters=ItemFilters(owner=web.principal.enterprise_id, q=(q or None) and q[:100],
                            status=status if status in {s.value for s in DemandStatus} else None),
        page=PageRequest(limit=200), sort="-updated_at")
    return render(request, "leader/demands.html", {"items": rows, "total": total, "q": q or "", "status": status})


def _values(form: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {name: text(form, name) for name in DEMAND_FIELDS}
    values["confidential"] = bool(form.get("confidential"))
    return values


def _demand_form(request: Request, values: dict[str, Any], errors: dict[str, str], item_id: int | None,
                 status_code: int = 200) -> Response:
    return render(request, "leader/demand_form.html", {"values": values, "errors": errors, "item_id": item_id,
                                                      "categories": list(ItemCategory)}, status_code=status_code)


@router.get("/demands/new")
def new_demand(request: Request, web: LeaderUser) -> Response:
    return _demand_form(request, {"category": ItemCategory.COMPONENT.value}, {}, None)


@router.post("/demands/new")
def create_demand(request: Request, db_session: SessionDep, web: LeaderUser, form: FormData) -> Response:
    values = _values(form)
    try:
        item = demand_service.DEMAND_ITEMS.create(
            db_session=db_session, principal=web.principal,
            data=DemandItemCreate(**{k: v for k, v in values.items() if v is not None}))
    except (ValidationError, ChainmatchError) as exc:
        return _demand_form(request, values, form_errors(exc), None, status_code=422)
    return RedirectResponse(f"/leader/demands/{item.id}", status_code=303)


@router.get("/demands/{item_id}/edit")
def edit_demand(request: Request, item_id: int, db_session: SessionDep, web: LeaderUser) -> Response:
    item = demand_service.DEMAND_ITEMS.get(db_session=db_session, principal=web.principal, item_id=item_id)
    d = demand_service.present(item, web.principal)
    values = {"category": d.category.value, "product_name": d.product_name, "specification": d.specification,
              "part_numbers": "；".join(d.part_numbers), "annual_quantity": d.annual_quantity,
              "quantity_unit": d.quantity_unit, "certifications": "；".join(d.certifications),
              "preferred_region": d.preferred_region, "item_code": d.item_code, "confidential": d.confidential}
    return _demand_form(request, values, {}, item_id)


@router.post("/demands/{item_id}/edit")
def update_demand(request: Request, item_id: int, db_session: SessionDep, web: LeaderUser, form: FormData) -> Response:
    values = _values(form)
    try:
        demand_service.DEMAND_ITEMS.update(
            db_session=db_session, principal=web.principal, item_id=item_id,
            data=DemandItemUpdate(**{k: v for k, v in values.items()
                                     if v is not None or k in ("specification", "preferred_region")}))
    except (ValidationError, ChainmatchError) as exc:
        if isinstance(exc, ChainmatchError) and exc.status_code in (403, 404):
            raise
        return _demand_form(request, values, form_errors(exc), item_id, status_code=422)
    return RedirectResponse(f"/leader/demands/{item_id}", status_code=303)


@router.post("/demands/{item_id}/close")
def close_demand(item_id: int, db_session: SessionDep, web: LeaderUser) -> Response:
    demand_service.DEMAND_ITEMS.update(db_session=db_session, principal=web.principal, item_id=item_id,
                                       data=DemandItemUpdate(status=DemandStatus.CLOSED))
    return RedirectResponse("/leader", status_code=303)


# ── one key item: suppliers, decisions, history ───────────────────────────────────────────────────────────────
def _filters(district: str | None, qualification: str | None, certification: str | None,
             capacity: str | None, domestic: str | None = None) -> suggestion_service.SuggestionFilters:
    kinds = {k.value: k for k in QualificationKind}
    return suggestion_service.SuggestionFilters(
        district=(district or None) and district[:50], qualification=kinds.get(qualification or ""),
        certification=(certification or None) and certification[:100], capacity_sufficient_only=capacity == "1",
        domestic_only=domestic == "1")


def _suppliers_context(request: Request, db_session: SessionDep, web: Any, item_id: int,
                       filters: suggestion_service.SuggestionFilters) -> dict[str, Any]:
    item = suggestion_service.get_demand_item_for_suggestions(db_session=db_session, principal=web.principal,
                                                              demand_item_id=item_id)
    found = suggestion_service.suggest_for_demand(
        db_session=db_session, index=request.app.state.matching, demand_item=item, principal=web.principal,
        limit=SUGGESTION_LIMIT, filters=filters,
        exclude_supply_item_ids=decision_service.rejected_supply_item_ids(db_session, item.id))
    presented = suggestion_service.present_demand_suggestions(item, found, web.principal, group=False)
    current = {d.supply_item_id: d for d in decision_service.list_decisions(
        db_session=db_session, principal=web.principal, demand_item_id=item.id)}
    return {"item": presented.demand_item, "suggestions": presented.suggestions, "decisions": current,
            "filters": filters, "buttons": DECISION_BUTTONS, "qualifications": list(QualificationKind)}


@router.get("/demands/{item_id}")
def demand_page(request: Request, item_id: int, db_session: SessionDep, web: LeaderUser,
                district: str | None = None, qualification: str | None = None, certification: str | None = None,
                capacity: str | None = None, domestic: str | None = None) -> Response:
    context = _suppliers_context(request, db_session, web, item_id,
                                 _filters(district, qualification, certification, capacity, domestic))
    context["history"] = decision_service.decision_history(db_session=db_session, principal=web.principal,
                                                           demand_item_id=item_id)
    context["interests"] = interest_service.interests_for_demand(db_session=db_session, principal=web.principal,
                                                                 demand_item_id=item_id)
    return render(request, "leader/demand.html", context)


@router.get("/demands/{item_id}/suppliers")
def suppliers_fragment(request: Request, item_id: int, db_session: SessionDep, web: LeaderUser,
                       district: str | None = None, qualification: str | None = None,
                       certification: str | None = None, capacity: str | None = None,
                       domestic: str | None = None) -> Response:
    context = _suppliers_context(request, db_session, web, item_id,
                                 _filters(district, qualification, certification, capacity, domestic))
    return render(request, "leader/_suppliers.html", context)


@router.post("/demands/{item_id}/decisions")
def decide(request: Request, item_id: int, db_session: SessionDep, web: LeaderUser, form: FormData) -> Response:
    try:
        decision = DecisionCreate(supply_item_id=int(form.get("supply_item_id") or 0),
                                  status=str(form.get("status") or ""), reason=text(form, "reason"),
                                  equivalent=form.get("equivalent") == "1")
    except (ValidationError, ValueError) as exc:
        return render(request, "error.html", {"error": ChainmatchError(str(form_errors(exc)))}, status_code=422)
    decision_service.record_decisions(db_session=db_session, principal=web.principal, demand_item_id=item_id,
                                      decisions=[decision], bulk=False)
    if request.headers.get("HX-Request") == "true":
        # The decision forms include the filter form (hx-include), so the list comes back filtered as shown.
        context = _suppliers_context(request, db_session, web, item_id, _filters(
            text(form, "district"), text(form, "qualification"), text(form, "certification"), text(form, "capacity"),
            text(form, "domestic")))
        return render(request, "leader/_suppliers.html", context)
    return RedirectResponse(f"/leader/demands/{item_id}", status_code=303)


# ── import and search ─────────────────────────────────────────────────────────────────────────────────────────
@router.get("/import")
def import_page(request: Request, web: LeaderUser) -> Response:
    return render(request, "imports/upload.html", {"kind": ListKind.DEMAND, "base": "/leader/import", "result": None,
                                                  "invalid": None})


@router.post("/import")
def import_demand(request: Request, db_session: SessionDep, web: LeaderUser, file: UploadFile = File(...)) -> Response:
    return run_import(request, db_session, web, file, ListKind.DEMAND, base="/leader/import")


@router.post("/import/annotated")
def import_annotated(request: Request, db_session: SessionDep, web: LeaderUser,
                     file: UploadFile = File(...)) -> Response:
    return annotated_download(request, db_session, web, file, ListKind.DEMAND)


@router.get("/import/template.xlsx")
def import_template(web: LeaderUser) -> Response:
    return template_download(ListKind.DEMAND)


@router.get("/search")
def search(request: Request, db_session: SessionDep, web: LeaderUser, q: str | None = None) -> Response:
    results = None
    if q and q.strip():
        found = suggestion_service.search_suppliers(db_session=db_session, index=request.app.state.matching,
                                                    principal=web.principal, text=q.strip()[:500], limit=20)
        results = suggestion_service.present_suggestions(found, web.principal)
    return render(request, "leader/search.html", {"q": q or "", "results": results})
