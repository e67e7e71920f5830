"""The desk's sync client: enrolment, one sync round (push, then pull), and a back-off runner for the GUI.

``transport`` speaks HTTP to the provincial server (address and CA checks, retries inside a deadline, the error
classes) and enrols the desk; ``round`` is one sync round; ``runner`` runs rounds in the background with back-off.
What the rest of the app uses is re-exported here. No Qt here: ``SyncRunner`` is driven from a GUI worker thread.
"""

from __future__ import annotations

from sync.client.round import (
    DEFAULT_REQUEST_TIMEOUT,
    DEFAULT_ROUND_TIMEOUT,
    PULL_PAGE,
    PUSH_BATCH,
    SYNC_ACTOR,
    clock_message,
    format_result,
    problems,
    sync_round,
)
from sync.client.runner import RunnerState, SyncRunner
from sync.client.transport import (
    Cancelled,
    CredentialRefused,
    EnrolRefused,
    NotEnrolled,
    ProtocolError,
    RateLimited,
    ServerUnreachable,
    SyncError,
    check_ca_bundle,
    check_server_url,
    enrol,
    http_session,
    is_loopback,
    publisher_keys,
)

__all__ = [
    "DEFAULT_REQUEST_TIMEOUT",
    "DEFAULT_ROUND_TIMEOUT",
    "PULL_PAGE",
    "PUSH_BATCH",
    "SYNC_ACTOR",
    "Cancelled",
    "CredentialRefused",
    "EnrolRefused",
    "NotEnrolled",
    "ProtocolError",
    "RateLimited",
    "RunnerState",
    "ServerUnreachable",
    "SyncError",
    "SyncRunner",
    "check_ca_bundle",
    "check_server_url",
    "clock_message",
    "enrol",
    "format_result",
    "http_session",
    "is_loopback",
    "problems",
    "publisher_keys",
    "sync_round",
]
