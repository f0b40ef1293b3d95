"""Importers of the national open-data lists of social-economy organisations.

Each published list has a module describing its column layout
(:class:`~segraph.importers.base.ListLayout`); :func:`import_list` reads one into segraph
records and :func:`write_dataset` writes them as a dataset folder in the CSV format.

Examples
--------
>>> from segraph.importers import import_list, write_dataset
>>> result = import_list("social-enterprises", "사회적기업목록.xlsx")  # doctest: +SKIP
>>> write_dataset(result.dataset, "social-enterprises/")  # doctest: +SKIP
"""

from segraph.importers.base import ListLayout
from segraph.importers.convert import ImportResult, import_list, write_dataset
from segraph.importers.layouts import LAYOUTS

__all__ = ["LAYOUTS", "ImportResult", "ListLayout", "import_list", "write_dataset"]
