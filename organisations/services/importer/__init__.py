"""Import organisations from a CSV or XLSX file, and export them as CSV with the same columns.

An import has two steps. The upload is read and every row validated (a dry run): the rows and
the problems found are kept in an ImportJob and nothing is written to the registry. When the
file has no problems the coordinator confirms, and every row is written in one transaction:
all rows or none. A row updates the organisation with the same business ID, else the same
register number, else the same name in the welfare area; otherwise it creates a new one. A row
whose values are already those of its organisation is "unchanged" and is not written.

Uploads are untrusted: a file that cannot be read raises ImportFileError with a translated
message for the form, never anything else. An XLSX file is checked before and while it is
parsed (unpacked sizes, declared dimensions, rows, cells per row, characters per cell), and
its XML is parsed with defusedxml (entities refused); bench/import_files.py measures the memory.

By step: `plan` (the columns and what an import would do), `read` (the file into rows),
`validate` (rows into a plan with problems), `jobs` (the dry run kept and the confirmed import
applied) and `export` (the registry as CSV with the same columns).
"""
