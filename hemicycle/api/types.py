"""Parameter types shared by the routers, bounded so that the database never sees a value it
cannot store (integers past 32 bits, NUL characters in PostgreSQL strings)."""

from typing import Annotated

from ninja import Field, Path

MAX_ID = 2_147_483_647

# A primary key in a URL.
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
# An optional id used as a filter in the query string.
OptId = Annotated[int | None, Field(None, ge=1, le=MAX_ID)]
# Free text in filters: no NUL, bounded length.
SearchText = Annotated[str | None, Field(None, max_length=200, pattern=r"^[^\x00]*$")]
