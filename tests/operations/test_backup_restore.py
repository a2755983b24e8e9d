"""A backup restored into a new database and new folders gives back every table (row count and a
checksum of its rows), every sequence and every file (issue 15, "Backups that have been
restored"). The README's "Operations" section is the procedure this walks."""

import hashlib
import json
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from psycopg import sql

from areas.loader import load_reference_data
from areas.models import Municipality, WelfareArea
from portal import backup
from taxonomy.loader import load_taxonomy
from taxonomy.models import Network, Term
from tests.organisations.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def files_of(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def source_folders(tmp_path, settings):
    media, attachments = tmp_path / "media", tmp_path / "attachments"
    (media / "logos").mkdir(parents=True)
    (media / "logos" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    (media / "ääkköset ja välit.txt").write_text("Yhdessä\n")
    (attachments / "2026" / "12").mkdir(parents=True)
    (attachments / "2026" / "12" / "pöytäkirja.pdf").write_bytes(b"%PDF-1.7\n" + b"\0\1" * 5000)
    settings.MEDIA_ROOT = media
    settings.BODIES_ATTACHMENT_ROOT = attachments
    return {"media": media, "attachments": attachments}


@pytest.fixture
def new_database():
    """An empty database beside the test database, dropped afterwards."""
    source = backup.Target.from_django(settings.DATABASES["default"])
    name = f"{source.name}_restore_{uuid.uuid4().hex[:8]}"
    target = backup.Target(source.host, source.port, source.user, source.password, name)
    maintenance = backup.Target(source.host, source.port, source.user, source.password, "postgres")
    with maintenance.connect(autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield target
    with maintenance.connect(autocommit=True) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def some_data():
    if not WelfareArea.objects.exists():
        load_reference_data(WelfareArea, Municipality)
    if not Term.objects.exists():
        load_taxonomy(Term, Network, WelfareArea)
    for _ in range(3):
        MembershipFactory(organisation=OrganisationFactory())


def target_url(target: backup.Target) -> str:
    """A DATABASE_URL for the target (a socket folder as the host is percent-encoded)."""
    password = f":{quote(target.password, safe='')}" if target.password else ""
    host = quote(target.host, safe="")
    return f"postgres://{target.user}{password}@{host}:{target.port}/{target.name}"


def test_a_backup_restores_into_a_new_database_and_new_folders(
    tmp_path, source_folders, new_database
):
    some_data()
    backups = tmp_path / "backups"
    call_command("backup", to=backups)
    (folder,) = backups.iterdir()
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["pg_dump_major"] >= manifest["server_major"]

    restored = {"media": tmp_path / "new-media", "attachments": tmp_path / "new-attachments"}
    call_command(
        "restore",
        source=folder,
        database_url=target_url(new_database),
        media_root=restored["media"],
        attachment_root=restored["attachments"],
    )

    # Compared here, outside the command's own check: every table of the test database...
    with backup.Target.from_django(settings.DATABASES["default"]).connect() as original:
        before = backup.table_fingerprints(original)
        sequences_before = backup.sequence_values(original)
    with new_database.connect() as copy:
        after = backup.table_fingerprints(copy)
        sequences_after = backup.sequence_values(copy)
    assert before["public.organisations_organisation"]["rows"] == 3
    assert before["public.areas_municipality"]["rows"] > 0
    assert set(after) == set(before) and len(before) > 30
    for table, fingerprint in before.items():
        assert after[table] == fingerprint, table
    assert sequences_after == sequences_before
    # ...and every file, byte for byte.
    for name, root in source_folders.items():
        assert files_of(restored[name]) == files_of(root) != {}


def restore_into_new(folder, new_database, tmp_path) -> None:
    """The restore command from `folder` into the new database and folders under tmp_path."""
    call_command(
        "restore",
        source=folder,
        database_url=target_url(new_database),
        media_root=tmp_path / "m",
        attachment_root=tmp_path / "a",
    )


def test_restore_refuses_a_database_that_is_not_empty(tmp_path, source_folders, new_database):
    call_command("backup", to=tmp_path / "backups")
    (folder,) = (tmp_path / "backups").iterdir()
    with new_database.connect(autocommit=True) as copy:
        copy.execute("CREATE TABLE something_else (id int)")
    with pytest.raises(CommandError, match="not empty"):
        restore_into_new(folder, new_database, tmp_path)


def test_restore_notices_a_damaged_backup(tmp_path, source_folders, new_database):
    call_command("backup", to=tmp_path / "backups")
    (folder,) = (tmp_path / "backups").iterdir()
    (folder / "attachments" / "2026" / "12" / "pöytäkirja.pdf").write_bytes(b"not the file")
    with pytest.raises(CommandError, match="differ"):
        restore_into_new(folder, new_database, tmp_path)


def test_pg_dump_is_at_least_the_servers_version():
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        server = int(cursor.fetchone()[0]) // 10000
    path, major = backup.pg_tool("pg_dump", server)
    assert major >= server
    assert backup.tool_major(path) == major
    with pytest.raises(backup.BackupError, match="No pg_dump of PostgreSQL 99"):
        backup.pg_tool("pg_dump", 99)
