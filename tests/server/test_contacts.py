"""Contact details of accounts and OPDs (issue 15, revision 0008): checked on the model, by the
admin functions and the CLI alike; a bad address or number is refused with a reason."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from lapor_core import contact
from lapor_server import manage
from lapor_server.db import Database
from lapor_server.models import Agency, User


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  Budi@Dinas.Mimikakab.GO.ID ", "Budi@dinas.mimikakab.go.id"),
        ("a.b+c@example.org", "a.b+c@example.org"),
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_good_addresses_are_kept_normalised(raw, clean) -> None:  # type: ignore[no-untyped-def]
    assert contact.clean_email(raw) == clean


@pytest.mark.parametrize(
    "raw",
    [
        "budi",
        "budi@",
        "@example.org",
        "a@b@example.org",
        "budi@localhost",
        "budi@example.123",
        "bu di@example.org",
        "budi@exa mple.org",
        "budi@example.org\r\nBcc: x@evil.example",
        ".budi@example.org",
        "bu..di@example.org",
        "budi@-example.org",
        "x" * 250 + "@example.org",
    ],
)
def test_bad_addresses_are_refused_with_a_reason(raw: str) -> None:
    with pytest.raises(contact.ContactError) as exc:
        contact.clean_email(raw)
    assert exc.value.code == "invalid_email"
    assert "e-mail" in exc.value.id_text


@pytest.mark.parametrize("raw", ["0901-321456", "+62 812 3456 7890", "(0901) 321 456"])
def test_phone_numbers_are_kept(raw: str) -> None:
    assert contact.clean_phone(raw) == raw


@pytest.mark.parametrize("raw", ["12", "abc", "0812\n3456789", "+62 812 3456 7890 1234 5678 9"])
def test_bad_phone_numbers_are_refused(raw: str) -> None:
    with pytest.raises(contact.ContactError) as exc:
        contact.clean_phone(raw)
    assert exc.value.code == "invalid_phone"


def test_names_are_single_spaced_and_refuse_control_characters() -> None:
    assert contact.clean_name("  Maria   Beanal ") == "Maria Beanal"
    with pytest.raises(contact.ContactError):
        contact.clean_name("Maria\u202eBeanal")
    with pytest.raises(contact.ContactError) as exc:
        contact.clean_name(" ", required=True)
    assert exc.value.code == "name_required"


def test_the_models_check_what_is_assigned() -> None:
    user = User(email=" Petugas@Example.ORG ")
    assert user.email == "Petugas@example.org"
    with pytest.raises(contact.ContactError):
        User(email="not-an-address")
    with pytest.raises(contact.ContactError):
        Agency(contact_phone="telepon saya")


def test_accounts_and_opds_keep_their_contacts(server_db_url: str) -> None:
    db = Database(server_db_url, pool_size=1)
    try:
        manage.add_agency(
            db,
            code="dinas_baru",
            name="Dinas Baru",
            contact_name=" Maria  Beanal ",
            contact_email="maria@dinasbaru.example.org",
            contact_phone="0901 321 456",
        )
        manage.add_user(
            db,
            username="budi.baru",
            role="petugas",
            agency_code="dinas_baru",
            password="kata-sandi-uji-123",
            profile="test",
            email="budi@dinasbaru.example.org",
        )
        with pytest.raises(manage.ManageError, match="e-mail"):
            manage.add_user(
                db, username="x.y", role="koordinator", password="12345678", email="nope"
            )
        # a rename keeps the contact unless told otherwise; None clears one field
        manage.add_agency(db, code="dinas_baru", name="Dinas Baru Sekali", contact_phone=None)
        with db.read() as s:
            agency = s.get(Agency, "dinas_baru")
            assert (agency.name, agency.contact_name, agency.contact_email) == (
                "Dinas Baru Sekali",
                "Maria Beanal",
                "maria@dinasbaru.example.org",
            )
            assert agency.contact_phone is None
            assert agency.version == 2
            user = s.scalar(sa.select(User).where(User.username == "budi.baru"))
            assert (user.email, user.version) == ("budi@dinasbaru.example.org", 1)
            assert s.scalar(sa.select(User.id).where(User.username == "x.y")) is None
    finally:
        db.dispose()
