"""The shipped Mimika reference data: complete, consistent, joinable with the distrik map."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lapor_core.reference import as_wire, load_reference
from lapor_core.wire import ARCHIVE_REASONS, CHANNELS, CLASSIFICATIONS, is_code
from lapor_core.workflow import LABELS_ID, Status

ROOT = Path(__file__).resolve().parents[2]
MAP = ROOT / "resources" / "maps" / "mimika-distrik.geojson"

#: the Mimika reference data as lapor_core/data ships it (docs/glossary.md: 18 distrik)
DISTRIK = (
    "Agimuga", "Alama", "Amar", "Hoya", "Iwaka", "Jila", "Jita", "Kuala Kencana", "Kwamki Narama",
    "Mimika Barat", "Mimika Barat Jauh", "Mimika Barat Tengah", "Mimika Baru", "Mimika Tengah",
    "Mimika Timur", "Mimika Timur Jauh", "Tembagapura", "Wania",
)  # fmt: skip


@pytest.fixture(scope="module")
def ref():
    return load_reference()


def test_the_18_distrik_with_their_exact_names(ref):
    assert sorted(d.name for d in ref.districts) == sorted(DISTRIK)


def test_every_distrik_joins_the_map_by_name(ref):
    features = json.loads(MAP.read_text(encoding="utf-8"))["features"]
    on_map = {f["properties"]["distrik"] for f in features}
    assert {d.geo_name for d in ref.districts} == on_map
    for f in features:  # the label point shipped with a distrik is the map's own
        d = ref.district_by_name(f["properties"]["distrik"])
        assert list(d.label_point) == f["properties"]["label_point"]


def test_map_source_is_credited():
    text = (MAP.parent / "SOURCE.md").read_text(encoding="utf-8")
    assert "Badan Informasi Geospasial" in text
    assert "Zxce3/papua-geojson-collections" in text


@pytest.mark.parametrize("kind", ["agencies", "districts", "categories", "classifications"])
def test_codes_are_valid_and_unique(ref, kind):
    codes = [row.code for row in getattr(ref, kind)]
    assert codes, kind
    assert all(is_code(c) for c in codes), [c for c in codes if not is_code(c)]
    assert len(codes) == len(set(codes))


def test_agency_list_is_plausible_for_pemkab_mimika(ref):
    codes = {a.code for a in ref.agencies}
    assert len(codes) >= 12
    expected = {"diskominfo", "dinas_pupr", "dinkes", "disdik", "dishub", "dlh", "dinsos"}
    expected |= {"disdukcapil", "bpbd", "rsud", "satpol_pp", "pdam", "distrik_mimika_baru"}
    assert expected <= codes
    for a in ref.agencies:
        assert a.name and a.short_name
        if a.kind == "distrik":
            assert ref.district(a.district_code).name in a.name
            assert ref.district_office(a.district_code) == a


def test_every_category_has_an_existing_default_agency(ref):
    for c in ref.categories:
        assert ref.agency(c.default_agency), c.code
        assert c.weight > 0 and c.name
    top = max(ref.categories, key=lambda c: c.weight)
    assert top.code == "pekerjaan_umum"  # infrastructure complaints dominate


def test_districts_have_population_and_villages(ref):
    for d in ref.districts:
        assert d.population > 0
        assert d.villages and len(set(d.villages)) == len(d.villages), d.code
        assert d.kind in ("kota", "pinggiran", "pesisir", "pedalaman")
    biggest = max(ref.districts, key=lambda d: d.population)
    assert biggest.code == "mimika_baru"
    assert {"Koperapoka", "Timika Jaya", "Kwamki"} <= set(biggest.villages)
    assert 250_000 < sum(d.population for d in ref.districts) < 400_000


def test_lookups(ref):
    assert ref.agency("dinas_pupr").short_name == "Dinas PUPR"
    assert ref.district("mimika_baru").name == "Mimika Baru"
    assert ref.category("kesehatan").default_agency == "dinkes"
    assert ref.district_by_name("  mimika   BARU ").code == "mimika_baru"
    for lookup in (ref.agency, ref.district, ref.category, ref.district_by_name):
        with pytest.raises(KeyError):
            lookup("atlantis")
    assert load_reference() is load_reference()


def test_fixed_codes_have_indonesian_labels(ref):
    assert tuple(c.code for c in ref.classifications) == CLASSIFICATIONS
    assert tuple(c.code for c in ref.channels) == CHANNELS
    assert tuple(c.code for c in ref.archive_reasons) == ARCHIVE_REASONS
    assert ref.classification_label("permintaan_informasi") == "Permintaan Informasi"


def test_wire_shape_follows_the_contract(ref):
    body = as_wire()
    assert json.loads(json.dumps(body)) == body  # plain JSON
    assert {"agencies", "districts", "categories", "classifications", "statuses"} <= set(body)
    assert all({"code", "name"} <= set(a) for a in body["agencies"])
    assert all({"code", "name", "villages"} <= set(d) for d in body["districts"])
    assert all({"code", "name"} <= set(c) for c in body["categories"])
    assert {s["code"]: s["name"] for s in body["statuses"]} == {
        s.value: LABELS_ID[s] for s in Status
    }
    assert [c["code"] for c in body["classifications"]] == list(CLASSIFICATIONS)
    mimika_baru = next(d for d in body["districts"] if d["code"] == "mimika_baru")
    assert mimika_baru["villages"] == list(ref.district("mimika_baru").villages)
