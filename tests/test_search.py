from __future__ import annotations

import unicodedata

import pytest

from desk.service import ReceiveRequest
from tests.conftest import AGENCY, vn

PEOPLE = [
    # name, id number, phone, receipt time
    ("Nguyễn Văn Đức", "001090012345", "0912345678", vn(2026, 2, 13, 10, 0)),
    ("Đặng Hữu Phước", "079203001234", "0386123456", vn(2026, 2, 13, 10, 30)),
    ("Nguyễn Thị Thuỳ Dương", "038185000111", "0779001122", vn(2026, 3, 2, 8, 0)),
    ("Trương Ngọc Ánh", "B1234567", None, vn(2026, 3, 2, 9, 0)),
    ("Đỗ Đức Nguyên", "123456789", "0912000000", vn(2026, 5, 4, 14, 0)),
    ("Lê Văn Dũng", None, "0987654321", vn(2026, 5, 4, 14, 30)),
]


@pytest.fixture
def codes(desk):
    out = {}
    for name, ident, phone, at in PEOPLE:
        d = desk.receive(
            ReceiveRequest(procedure="2.000815", name=name, id_number=ident, phone=phone, received_at=at),
            actor="Hoa",
            now=vn(2026, 11, 26, 9, 0),
        )
        out[name] = d["code"]
    return out


def names(desk, query, limit=50):
    return [d["applicant"]["name"] for d in desk.search(query, limit)]


def test_name_without_accents_and_d_for_đ(desk, codes):
    assert names(desk, "duc") == ["Đỗ Đức Nguyên", "Nguyễn Văn Đức"]  # most recent first
    assert names(desk, "dang huu phuoc") == ["Đặng Hữu Phước"]
    assert names(desk, "DUONG") == ["Nguyễn Thị Thuỳ Dương"]
    assert names(desk, "Đức") == names(desk, "duc")


def test_each_word_is_a_prefix(desk, codes):
    assert names(desk, "ng th th d") == ["Nguyễn Thị Thuỳ Dương"]
    assert names(desk, "nguy") == ["Đỗ Đức Nguyên", "Nguyễn Thị Thuỳ Dương", "Nguyễn Văn Đức"]
    assert names(desk, "tr ng a") == ["Trương Ngọc Ánh"]
    assert names(desk, "nguyen xyz") == []


def test_decomposed_input_equals_composed(desk, codes):
    assert names(desk, unicodedata.normalize("NFD", "Thuỳ Dương")) == ["Nguyễn Thị Thuỳ Dương"]


def test_whole_code_and_its_last_parts(desk, codes):
    code = codes["Đặng Hữu Phước"]
    assert code == f"{AGENCY}-260213-1002"
    assert names(desk, code) == ["Đặng Hữu Phước"]
    assert names(desk, code.lower()) == ["Đặng Hữu Phước"]
    assert names(desk, "260213-1002") == ["Đặng Hữu Phước"]
    # "1001" is the first dossier of three different days: most recent first
    assert names(desk, "1001") == ["Đỗ Đức Nguyên", "Nguyễn Thị Thuỳ Dương", "Nguyễn Văn Đức"]


def test_id_number_and_phone(desk, codes):
    assert names(desk, "079203001234") == ["Đặng Hữu Phước"]
    assert names(desk, "079 203 001 234") == ["Đặng Hữu Phước"]
    assert names(desk, "b1234567") == ["Trương Ngọc Ánh"]
    assert names(desk, "123456789") == ["Đỗ Đức Nguyên"]
    assert names(desk, "+84 987 654 321") == ["Lê Văn Dũng"]
    assert names(desk, "0912") == ["Đỗ Đức Nguyên", "Nguyễn Văn Đức"]  # phone prefix, in number order


def test_exact_matches_rank_first(desk, codes):
    # "0912000000" is Đỗ Đức Nguyên's phone exactly, and a prefix of nobody else's
    assert names(desk, "0912000000")[0] == "Đỗ Đức Nguyên"
    # the exact ID number comes before ID numbers that merely start with the same digits
    desk.receive(
        ReceiveRequest(procedure="2.000815", name="Hồ Văn Tư", id_number="001090012399"),
        actor="Hoa",
        now=vn(2026, 11, 26, 9, 0),
    )
    assert names(desk, "001090012345") == ["Nguyễn Văn Đức"]
    assert names(desk, "0010900123") == ["Nguyễn Văn Đức", "Hồ Văn Tư"]


def test_limit_and_empty_queries(desk, codes):
    assert len(desk.search("n", limit=2)) == 2
    assert desk.search("   ") == []
    assert desk.search('"*-') == []
    assert names(desk, 'duc" OR "a') == []  # FTS syntax in the query is taken literally


def test_whole_words_rank_before_prefixes(desk, codes):
    from desk.search import fts_queries

    assert fts_queries("Nguyễn Thị h") == (
        ['"nguyen0thi" "thi0h"', '"nguyen0thi" "thi0h"*'],  # in the order typed, side by side
        ['"nguyen" "thi" "h"', '"nguyen" "thi" "h"*'],  # in any order
        ['"nguyen"* "thi"* "h"*'],
    )
    assert fts_queries("duc") == (['"duc"', '"duc"*'], [], [])
    desk.receive(
        ReceiveRequest(procedure="2.000815", name="Lê Đức Thịnh", received_at=vn(2026, 5, 5, 9, 0)),
        actor="Hoa",
        now=vn(2026, 11, 26, 9, 0),
    )
    # "Lê Đức Thịnh" is the most recent, but "thi" is a whole word only in Nguyễn Thị Thuỳ Dương's name
    assert names(desk, "thi") == ["Nguyễn Thị Thuỳ Dương", "Lê Đức Thịnh"]


def test_a_full_name_finds_its_people_not_every_name_its_words_begin(desk, codes):
    """Every word as a prefix (a merge of every word each one begins: tens of milliseconds among a million names)
    runs only when the closer queries found nobody."""
    desk.receive(ReceiveRequest(procedure="2.000815", name="Nguyễn Vàng Đức", received_at=vn(2026, 6, 1, 9, 0)),
                 actor="Hoa", now=vn(2026, 11, 26, 9, 0))  # fmt: skip
    assert names(desk, "nguyen van duc") == ["Nguyễn Văn Đức"]  # «vang» begins with «van», but a Văn was found
    assert names(desk, "nguyen van du") == ["Nguyễn Văn Đức"]  # the last word as typed so far
    assert names(desk, "ng va du") == ["Nguyễn Vàng Đức", "Nguyễn Văn Đức"]  # only prefixes: every word one


def test_the_index_holds_each_word_and_each_pair_of_neighbours():
    from desk.search import index_text

    assert index_text("Nguyễn Thị Hà") == "nguyen thi ha nguyen0thi thi0ha"
    assert index_text("H'Hen Niê") == "h hen nie h0hen hen0nie"  # split where the tokenizer splits
    assert index_text("Đỗ") == "do"


def test_a_name_in_the_order_typed_comes_before_the_same_words_in_another_order(desk, codes):
    """Words side by side in the order typed first; the same words anywhere only when nobody is named so."""
    for name in ("Văn Đức Nguyễn", "Đức Nguyễn Văn"):
        desk.receive(ReceiveRequest(procedure="2.000815", name=name, received_at=vn(2026, 6, 1, 9, 0)),
                     actor="Hoa", now=vn(2026, 11, 26, 9, 0))  # fmt: skip
    assert names(desk, "nguyen van duc") == ["Nguyễn Văn Đức"]
    assert names(desk, "van duc") == ["Văn Đức Nguyễn", "Nguyễn Văn Đức"]  # side by side in both
    assert names(desk, "duc nguyen") == ["Đức Nguyễn Văn", "Văn Đức Nguyễn", "Đỗ Đức Nguyên"]  # Nguyên folds alike
    assert names(desk, "van duc ng") == ["Văn Đức Nguyễn"]  # the last word as typed so far
    # nobody is named «Nguyễn Đức»: then every name holding both words, most recent first
    assert names(desk, "nguyen duc") == ["Đức Nguyễn Văn", "Văn Đức Nguyễn", "Đỗ Đức Nguyên", "Nguyễn Văn Đức"]


def test_a_long_last_pair_is_read_from_the_prefix_indexes_not_merged(desk, codes):
    """«nguyen t»: the pair prefix «nguyen0t» is longer than the prefix indexes (it would merge the lists of every
    Nguyễn T…), so the query asks what the indexes hold: a pair beginning «nguyen», a word beginning «t»."""
    from desk.search import fts_queries

    in_order, _, _ = fts_queries("nguyen t")
    assert in_order == ['"nguyen0t"', '"nguyen"* "t"*']
    assert fts_queries("nguyen thi th")[0] == ['"nguyen0thi" "thi0th"', '"nguyen0thi" "thi0th"*']
    assert fts_queries("nguyen van duc")[0] == ['"nguyen0van" "van0duc"', '"nguyen0van" "van0du"* "duc"*']
    assert names(desk, "nguyen t") == ["Nguyễn Thị Thuỳ Dương"]


def test_a_corrected_name_is_found_by_its_new_words_only(desk, codes):
    from desk import projections, workflow

    code = codes["Lê Văn Dũng"]
    workflow.correct(desk, code, field="name", value="Lê Văn Trung", reason="Gõ nhầm", actor="Hoa")
    assert names(desk, "le van dung") == []
    assert names(desk, "le van trung") == ["Lê Văn Trung"]
    assert names(desk, "van tr") == ["Lê Văn Trung"]
    with desk.store.write() as conn:  # the old name's words left the index with it: a rebuild makes the same index
        assert projections.differences(conn) == []
