from hemicycle.core import navigation  # noqa: F401
