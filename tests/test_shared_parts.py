"""The form parts and helpers every app shares from portal/lib (written once, used by all)."""

import json

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from bodies.attachments import stored_path
from portal.lib.datafiles import read_csv
from portal.lib.downloads import private_file_response
from portal.lib.forms import (
    ErrorLinksMixin,
    FieldsetsMixin,
    HoneypotMixin,
    PhoneField,
    check_upload_size,
    error_links,
    honeypot_field,
    language_textareas,
)
from portal.lib.jsonld import json_ld
from portal.lib.translation import localised_method, localised_property
from portal.lib.urls import same_site_back_url


class ExampleForm(ErrorLinksMixin, FieldsetsMixin, HoneypotMixin, forms.Form):
    FIELDSETS = [("Contact", ["phone", "kind"])]

    name = forms.CharField(label="name")
    kind = forms.ChoiceField(label="kind", choices=[("a", "A")], widget=forms.RadioSelect)
    phone = PhoneField(label="phone")
    website = honeypot_field()


def test_error_links_follow_the_fieldsets_and_point_at_a_groups_first_input():
    form = ExampleForm(data={"phone": "12", "website": ""})
    links = form.error_links()
    assert [link.anchor for link in links] == ["id_phone", "id_kind_0", "id_name"]
    assert error_links([None, ExampleForm(), form]) == links  # unbound forms add nothing


def test_the_one_error_summary_lists_a_forms_links_or_a_pages_links():
    form = ExampleForm(data={"phone": "040 123 4567", "kind": "a"})
    html = render_to_string("_partials/error_summary.html", {"form": form})
    assert 'href="#id_name"' in html and "error-summary" in html
    assert render_to_string("_partials/error_summary.html", {"form": ExampleForm()}).strip() == ""
    page = render_to_string(
        "_partials/error_summary.html", {"form": None, "error_links": form.error_links()}
    )
    assert 'href="#id_name"' in page


def test_fieldsets_give_each_legend_its_bound_fields_in_order():
    [(legend, fields)] = ExampleForm().fieldsets()
    assert legend == "Contact"
    assert [field.name for field in fields] == ["phone", "kind"]


def test_honeypot_marks_spam_only_when_filled_in():
    assert not ExampleForm(data={"website": " "}).is_spam
    assert ExampleForm(data={"website": "https://spam.example"}).is_spam


def test_phone_field_cleans_to_e164_and_shows_the_stored_number_as_people_write_it():
    form = ExampleForm(data={"name": "x", "kind": "a", "phone": "040 123 4567"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["phone"] == "+358401234567"
    field = ExampleForm.base_fields["phone"]
    assert field.prepare_value("+358401234567") == "040 123 4567"
    assert not field.has_changed("+358401234567", "040 123 4567")
    assert field.has_changed("+358401234567", "not a number")
    assert "phone" in ExampleForm(data={"name": "x", "kind": "a", "phone": "12"}).errors


def test_a_text_in_every_language_gets_a_textarea_marked_with_each_language():
    widgets = language_textareas("summary", rows=3)
    assert {
        name: (widget.attrs["rows"], widget.attrs["lang"]) for name, widget in widgets.items()
    } == {
        "summary_fi": (3, "fi"),
        "summary_sv": (3, "sv"),
        "summary_en": (3, "en"),
    }


def test_an_upload_over_the_limit_is_refused_with_its_size_in_megabytes():
    upload = SimpleUploadedFile("photo.jpg", b"x" * (3 * 1024 * 1024))
    check_upload_size(upload, 3 * 1024 * 1024, "Too large (%(size)s MB).")
    with pytest.raises(ValidationError) as refused:
        check_upload_size(upload, 2 * 1024 * 1024, "Too large (%(size)s MB).")
    assert refused.value.code == "too_large"
    assert refused.value.messages == ["Too large (3.0 MB)."]


def test_json_ld_cannot_end_its_script_element():
    text = json_ld({"name": "</script><script>alert(1)</script> & co"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"name": "</script><script>alert(1)</script> & co"}


def test_back_url_keeps_this_sites_query_and_refuses_other_sites():
    factory = RequestFactory()
    request = factory.get("/x", {"back": "/haku/?q=kuoro"})
    assert same_site_back_url(request, "/haku/") == "/haku/?q=kuoro"
    request = factory.get("/x", {"back": "https://evil.example/haku/?q=kuoro"})
    assert same_site_back_url(request, "/haku/") == "/haku/"
    request = factory.get("/x", HTTP_REFERER="http://testserver/muu/?q=1")
    assert same_site_back_url(request, "/haku/") == "/haku/"
    request = factory.get("/x", {"back": "/haku/?" + "q" * 3000})
    assert same_site_back_url(request, "/haku/") == "/haku/"


def test_private_files_are_sandboxed_and_a_name_outside_the_store_is_not_found(tmp_path):
    (tmp_path / "stored.pdf").write_bytes(b"%PDF-1.4\n")

    def in_store(name):
        return stored_path(name, root=tmp_path)

    response = private_file_response(
        in_store, "stored.pdf", filename="liite.pdf", content_type="application/pdf"
    )
    assert b"".join(response.streaming_content) == b"%PDF-1.4\n"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'attachment; filename="liite.pdf"'
    for name in ("missing.pdf", "../stored.pdf"):
        with pytest.raises(Http404):
            private_file_response(in_store, name, filename="x.pdf", content_type="application/pdf")


class Named:
    name = localised_property()
    heading = localised_property("name")
    localised_name = localised_method("name")

    def __init__(self, fi: str, sv: str) -> None:
        self.name_fi, self.name_sv = fi, sv


def test_a_localised_property_or_method_reads_the_language_along_the_chain():
    named = Named("Kerho", "Klubb")
    with translation.override("sv"):
        assert named.name == named.heading == named.localised_name() == "Klubb"
    with translation.override("en"):
        assert named.name == "Kerho"  # no English: Finnish first
    with pytest.raises(AttributeError):
        named.name = "another"  # read-only, as a property
    assert isinstance(Named.name, property)  # Django's _property_names still finds it


def test_read_csv_gives_the_rows_by_their_column_names(tmp_path):
    (tmp_path / "list.csv").write_text("slug;name_fi\nkerho;Kerho ä\n", encoding="utf-8")
    assert read_csv(tmp_path / "list.csv") == [{"slug": "kerho", "name_fi": "Kerho ä"}]
