from __future__ import annotations

import uuid

from desk.ids import uuid7


def test_uuid7_is_a_valid_version_7_uuid_in_canonical_text_and_increases():
    made = [uuid7() for _ in range(5000)]  # many within one millisecond: the counter keeps them in order
    for text in made:
        u = uuid.UUID(text)
        assert str(u) == text and u.version == 7 and u.variant == uuid.RFC_4122
    assert made == sorted(made) and len(set(made)) == len(made)
