"""Import and export of the whole catalogue, as JSON or Excel (.xlsx).

Both formats are the same seven tables (sheets): fields, procedures (one row per version),
legal_bases, fees, documents, result_types, process. JSON nests them (procedure → versions →
children) and Excel lays them flat, keyed by procedure code and version number. An import
reads the whole file into those tables, checks every cell and every cross-row rule, and
either reports every error with its sheet, row and column and writes nothing, or writes the
whole file in one transaction. Export → import is lossless (tested).

Versions already published are frozen: importing different content for them is an error
(publish a new version instead); drafts in the file replace drafts in the database.
"""

from motcua.catalog.exchange.export import export_json, export_xlsx
from motcua.catalog.exchange.importing import (
    ImportReport,
    _create_children,
    _delete_children,
    _new_version,
    check_against_database,
    import_catalog,
    parse,
)
from motcua.catalog.exchange.province import ProvinceImportReport, import_province_list
from motcua.catalog.exchange.reading import Errors, read_json, read_xlsx
from motcua.catalog.exchange.records import (
    FORMAT,
    FORMAT_VERSION,
    VersionRecord,
    version_record,
    versions_with_children,
)

__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "Errors",
    "ImportReport",
    "ProvinceImportReport",
    "VersionRecord",
    "_create_children",
    "_delete_children",
    "_new_version",
    "check_against_database",
    "export_json",
    "export_xlsx",
    "import_catalog",
    "import_province_list",
    "parse",
    "read_json",
    "read_xlsx",
    "version_record",
    "versions_with_children",
]
