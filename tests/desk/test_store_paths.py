"""Profile locations: one directory per (server, account), safe and distinct names."""

from __future__ import annotations

from pathlib import Path

import pytest

from lapor_desk import paths


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LAPOR_DESK_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def test_profile_layout(data_dir: Path):
    assert paths.data_root() == data_dir
    assert paths.profile_dir("https://lapor.mimikakab.go.id", "budi") == (
        data_dir / "lapor.mimikakab.go.id" / "budi"
    )
    assert paths.store_path("https://lapor.mimikakab.go.id/", "budi").name == "queue.sqlite3"
    assert paths.log_dir() == data_dir / "logs"
    assert paths.cache_dir(Path("/p")) == Path("/p/cache")


def test_port_only_when_not_default():
    assert paths.server_component("https://127.0.0.1:8443") == "127.0.0.1_8443"
    assert paths.server_component("https://Lapor.Example:443/api") == "lapor.example"


@pytest.mark.parametrize(
    "name", ["Budi", "budi ", "../etc", "a/b", "a\\b", "CON", "nul", "ñandú", ".hidden", "a:b"]
)
def test_unsafe_names_become_safe_and_distinct(name: str):
    safe = paths.safe_component(name)
    assert safe != paths.safe_component("budi") or name == "budi"
    assert "/" not in safe and "\\" not in safe and ":" not in safe
    assert not safe.startswith(".") and safe not in ("con", "nul")
    assert safe == paths.safe_component(name)  # stable


def test_case_variants_never_share_a_profile():
    dirs = {paths.profile_dir("https://x.id", u) for u in ("budi", "Budi", "BUDI", "a b", "a_b")}
    assert len(dirs) == 5


def test_ipv6_host_is_a_valid_directory_name():
    component = paths.server_component("https://[::1]:8443")
    assert ":" not in component and "[" not in component


def test_empty_names_are_refused():
    with pytest.raises(ValueError):
        paths.profile_dir("https://x.id", "")
    with pytest.raises(ValueError):
        paths.server_component("https://")
