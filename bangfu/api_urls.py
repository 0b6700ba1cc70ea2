"""/api/v1/: one router for every app's endpoints."""

from django.urls import path, re_path

from bangfu.accounts import api as accounts_api
from bangfu.assistance.api.projects import ProjectViewSet
from bangfu.assistance.api.records import AssistanceViewSet
from bangfu.core.api import NotFoundView, Router
from bangfu.dashboard import api as dashboard_api
from bangfu.evaluation import api as evaluation_api
from bangfu.groups import api as groups_api
from bangfu.helpers import api as helpers_api
from bangfu.institute import api as institute_api
from bangfu.monitoring import api as monitoring_api
from bangfu.pairing.api.coverage import CoverageViewSet
from bangfu.pairing.api.pairings import PairingViewSet
from bangfu.pairing.api.plans import PlanItemViewSet
from bangfu.pairing.api.relays import RelayViewSet
from bangfu.pairing.api.suggestions import SuggestionRunViewSet
from bangfu.pairing.api.visits import SiteVisitViewSet
from bangfu.places import api as places_api
from bangfu.registry import api as registry_api
from bangfu.reporting import api as reporting_api
from bangfu.support import api as support_api
from bangfu.training import api as training_api
from bangfu.visits import api as visits_api

router = Router()
router.register("divisions", places_api.DivisionViewSet, basename="division")
router.register("programmes", places_api.ProgrammeViewSet, basename="programme")
router.register("region-pairings", places_api.RegionPairingViewSet, basename="region-pairing")
router.register("service-points", places_api.ServicePointViewSet, basename="service-point")
router.register("village-profiles", registry_api.VillageProfileViewSet, basename="village-profile")
router.register("households", registry_api.HouseholdViewSet, basename="household")
router.register("helpers", helpers_api.HelperViewSet, basename="helper")
router.register("pairings", PairingViewSet, basename="pairing")
router.register("plan-items", PlanItemViewSet, basename="plan-item")
router.register("site-visits", SiteVisitViewSet, basename="site-visit")
router.register("relays", RelayViewSet, basename="relay")
router.register("coverage", CoverageViewSet, basename="coverage")
router.register("suggestion-runs", SuggestionRunViewSet, basename="suggestion-run")
router.register("assistance", AssistanceViewSet, basename="assistance")
router.register("projects", ProjectViewSet, basename="project")
# the later parts register their own endpoints
reporting_api.register(router)
groups_api.register(router)
visits_api.register(router)
support_api.register(router)
training_api.register(router)
evaluation_api.register(router)
monitoring_api.register(router)
institute_api.register(router)
router.register("audit-events", accounts_api.AuditEventViewSet, basename="audit-event")

app_name = "api"
urlpatterns = [
    path("me/", accounts_api.MeView.as_view(), name="me"),
    path("token/", accounts_api.TokenIssueView.as_view(), name="token"),
    path("indicators/", dashboard_api.IndicatorsView.as_view(), name="indicators"),
    *router.urls,
    # last: anything else under /api/v1/ is a JSON 404, whatever DEBUG says
    re_path(r"^.*$", NotFoundView.as_view(), name="not-found"),
]
