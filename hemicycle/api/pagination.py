"""Page-number pagination with bounds, so that no page number reaches the database as an
integer it cannot hold (SQLite stops at 2**63)."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


class Pagination(PaginationBase):
    class Input(Schema):
        page: int = Field(1, ge=1, le=100_000, description="Numéro de page / page number")
        page_size: int = Field(
            PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Éléments par page / items per page"
        )

    class Output(Schema):
        items: list[Any]
        count: int = Field(description="Nombre total d’éléments / total number of items")
        page: int
        pages: int = Field(description="Nombre de pages / number of pages")

    def paginate_queryset(
        self, queryset: QuerySet[Any], pagination: Any, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        size = pagination.page_size
        count = self._items_count(queryset)
        offset = (pagination.page - 1) * size
        return {
            "items": list(queryset[offset : offset + size]),
            "count": count,
            "page": pagination.page,
            "pages": max(1, -(-count // size)),
        }


class Mapped:
    """A queryset whose page is turned into dicts: the paginator counts and slices it, and
    only the rows of the page go through `fn`."""

    def __init__(self, queryset: QuerySet[Any], fn: Any) -> None:
        self.queryset = queryset
        self.fn = fn

    def all(self) -> QuerySet[Any]:
        return self.queryset.all()

    def __getitem__(self, key: slice) -> list[Any]:
        return [self.fn(row) for row in self.queryset[key]]
