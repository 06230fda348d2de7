"""The JSON API under /api/v1/, documented at /api/v1/openapi.json."""

from ninja import NinjaAPI

from satupintu.applications.api import outputs_router, verification_router
from satupintu.applications.api import public_router as status_router
from satupintu.applications.api import router as applications_router
from satupintu.applications.api_cases import router as office_cases_router
from satupintu.applications.api_office import router as office_router
from satupintu.catalog.api import office_router as office_services_router
from satupintu.catalog.api import router as catalog_router
from satupintu.complaints.api import board_router as complaints_board_router
from satupintu.complaints.api import router as complaints_router
from satupintu.core.api import install_problem_handlers
from satupintu.learning.api import router as learning_router
from satupintu.ledger.api import router as ledger_router
from satupintu.organizations.api import router as organizations_router
from satupintu.privacy.api import router as privacy_router
from satupintu.regions.api import router as regions_router

api = NinjaAPI(
    title="SatuPintu API",
    version="1.0.0",
    description=(
        "Public-service platform API. Errors are RFC 9457 problem+json documents. "
        "Lists use cursor pagination: pass `next_cursor` back as `cursor`."
    ),
    urls_namespace="api",
    docs_url="/docs",
)
install_problem_handlers(api)
api.add_router("/agencies", organizations_router, tags=["agencies"])
api.add_router("/services", catalog_router, tags=["services"])
api.add_router("/regions", regions_router, tags=["regions"])
api.add_router("/ledger", ledger_router, tags=["ledger"])
api.add_router("/me/privacy", privacy_router, tags=["privacy"])
api.add_router("/complaints/board", complaints_board_router, tags=["complaints"])
api.add_router("/complaints", complaints_router, tags=["complaints"])
api.add_router("/applications", applications_router, tags=["applications"])
api.add_router("/status", status_router, tags=["status"])
api.add_router("/outputs", outputs_router, tags=["outputs"])
api.add_router("/verification", verification_router, tags=["verification"])
api.add_router("/learning", learning_router, tags=["learning"])
api.add_router("/office", office_router, tags=["office"])
api.add_router("/office/cases", office_cases_router, tags=["office"])
api.add_router("/office/services", office_services_router, tags=["office"])
