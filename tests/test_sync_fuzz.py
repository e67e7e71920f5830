"""The reference server's API fuzzed from its own OpenAPI schema (schemathesis): no 5xx, answers as documented,
invalid data refused, valid data taken — with a desk's and a processing unit's credentials, on a server that holds
dossiers to act on.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from desk.ids import uuid7
from desk.service import ReceiveRequest
from sync import client
from sync.server.app import create_app
from sync.server.service import Server
from tests.helpers.sync_env import AGENCY, LiveServer, make_desk


@pytest.fixture(scope="module")
def fuzz_env(tmp_path_factory: pytest.TempPathFactory):
    base: Path = tmp_path_factory.mktemp("fuzz")
    live = LiveServer(str(base / "server.sqlite3"))
    desk = make_desk(base, "ban1", 1)
    client.enrol(desk, live.url, live.enrol_code(1))
    for name in ("Nguyễn Văn Đức", "Trần Thị Bình"):
        desk.receive(ReceiveRequest(procedure="2.000815", name=name), actor="Hoa")
    client.sync_round(desk)
    env = {
        "live": live,
        "desk_token": desk.store.meta()["sync_credential"],
        "desk_id": desk.store.meta()["desk_id"],
        "processor_token": live.processor(),
        "code": desk.store.conn.execute("SELECT code FROM dossiers LIMIT 1").fetchone()[0],
    }
    live.server.create_enrol_code(AGENCY, 5)
    yield env
    desk.close()
    live.stop()


# The schema as the application serves it (it does not depend on the database); each case is then sent to the
# application of the fixture, which has a database with desks and dossiers.
schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(Server(None)))  # type: ignore[arg-type]
# The credential is added to every case below; the check «ignored_auth» still sends requests without it.
schema.config.generation.update(
    modes=["positive", "negative"], max_examples=30, deterministic=True, with_security_parameters=False
)


@schema.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck))
def test_api_from_its_schema(case, fuzz_env):
    token = fuzz_env["processor_token"] if case.path.startswith("/v1/processing") else fuzz_env["desk_token"]
    positive = case.meta is not None and case.meta.generation.mode.is_positive
    if positive and case.path == "/v1/processing/events" and isinstance(case.body, dict) and case.body.get("events"):
        # aim part of the generated events at a real dossier, so the checks behind the schema run too
        first = case.body["events"][0]
        if isinstance(first, dict):
            first.update(code=fuzz_env["code"], dossier_uid=None, id=uuid7())
    if positive and case.path == "/v1/events" and isinstance(case.body, dict):
        for e in case.body.get("events") or []:
            if isinstance(e, dict):  # the desk's own id: the checks behind the schema decide, not the id
                e["desk_id"] = fuzz_env["desk_id"]
    case.call_and_validate(app=fuzz_env["live"].app, headers={"Authorization": f"Bearer {token}"})


def test_after_fuzzing_the_server_holds_only_valid_data(fuzz_env):
    """Whatever the fuzzer got accepted is data the protocol allows."""
    import json

    from sync import protocol as p

    live = fuzz_env["live"]
    rows = live.rows("SELECT id, dossier_uid, kind, payload, desk_id, device_time, origin, deliver_to FROM events")
    assert rows
    for id_, uid, kind, payload, desk_id, device_time, origin, deliver_to in rows:
        assert p.canonical_uuid(id_) and (uid is None or p.canonical_uuid(uid))
        assert kind in p.EVENT_KINDS and isinstance(json.loads(payload), dict)
        assert p.parse_time(device_time) is not None
        if deliver_to is None:  # pushed by the desk: its own id
            assert desk_id == origin == fuzz_env["desk_id"]
        else:
            assert kind in p.PROCESSOR_KINDS and deliver_to == fuzz_env["desk_id"]
    for code, agency, status in live.rows("SELECT code, agency_code, status FROM dossiers"):
        m = p.CODE_RE.match(code)
        assert m and m["agency"] == agency == AGENCY and 1 <= status <= 10
