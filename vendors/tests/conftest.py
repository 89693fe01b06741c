"""Vendor fixtures: applicants, staff, documents kept in a temporary folder."""

import io

import pytest
from django.contrib.auth import get_user_model
from oscar.core.loading import get_model
from PIL import Image

VendorDocument = get_model("partner", "VendorDocument")

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def private_files(tmp_path, monkeypatch):
    """Keep the documents a test uploads in its own temporary folder."""
    storage = VendorDocument._meta.get_field("file").storage
    monkeypatch.setattr(storage, "_location", str(tmp_path))
    for cached in ("base_location", "location"):
        storage.__dict__.pop(cached, None)
    yield tmp_path
    for cached in ("base_location", "location"):
        storage.__dict__.pop(cached, None)


@pytest.fixture
def applicant(db):
    return get_user_model().objects.create_user(
        username="anna", email="anna@example.com", password="pw-anna-12345"
    )


@pytest.fixture
def staff_user(db):
    return get_user_model().objects.create_user(
        username="olga",
        email="olga@example.com",
        password="pw-olga-12345",
        is_staff=True,
        is_superuser=True,
    )
