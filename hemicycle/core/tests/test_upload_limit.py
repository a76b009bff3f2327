import io

from django.core.handlers.wsgi import WSGIRequest
from django.test import RequestFactory
from django.urls import reverse

from hemicycle.core.middleware import UploadLimitMiddleware


class _Body(io.BytesIO):
    """A request body that records how much of it was read."""

    consumed = 0

    def read(self, size=-1):
        data = super().read(size)
        type(self).consumed += len(data)
        return data


def test_a_1_gb_upload_is_refused_from_its_headers_without_reading_it():
    environ = RequestFactory().post("/seances/import/1/").environ
    environ["CONTENT_LENGTH"] = str(2**30)
    environ["CONTENT_TYPE"] = "multipart/form-data; boundary=x"
    environ["wsgi.input"] = _Body(b"--x\r\n" + b"0" * 65536)
    reached = []
    middleware = UploadLimitMiddleware(lambda request: reached.append(request))
    response = middleware(WSGIRequest(environ))
    assert response.status_code == 413
    assert "Fichier trop volumineux" in response.content.decode()
    assert reached == []
    assert _Body.consumed == 0


def test_an_ordinary_post_goes_through(client, db):
    response = client.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    assert response.status_code == 200
