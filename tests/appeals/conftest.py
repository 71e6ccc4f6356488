from tests.applications.conftest import _fixed_today, _media_and_cache, make_case, staff  # noqa: F401
