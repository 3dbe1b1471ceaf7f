"""Schemathesis against the OpenAPI schema: generated requests to every operation, none a server error."""
from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402

from service_fixtures import evil_record  # noqa: E402
from wirewatch.service import create_app  # noqa: E402


def _app():
    import atexit
    import shutil
    import tempfile

    folder = tempfile.mkdtemp(prefix="wirewatch-schema-")
    atexit.register(shutil.rmtree, folder, True)
    application = create_app(f"sqlite:///{folder}/schema.sqlite", token="schema-token")
    application.state.store.add(evil_record())
    return application


schema = schemathesis.openapi.from_asgi("/openapi.json", _app())


@schema.parametrize()
@settings(max_examples=12, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                 HealthCheck.function_scoped_fixture])
def test_service_schema_no_server_error(case):
    # POST /api/documents without the token is refused before the pipeline runs, so the run stays fast.
    case.call_and_validate(checks=[not_a_server_error])
