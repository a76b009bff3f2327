"""The Django static rules (tools/django_rules.py) find what they claim to find, and the
code base has no finding. CI also runs the tool in its static-analysis phase."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
import django_rules

BAD = {
    "mark-safe": "from django.utils.safestring import mark_safe\nx = mark_safe(name)\n",
    "raw-sql": "def f(c, n):\n    c.execute(f'SELECT * FROM t WHERE n = {n}')\n",
    "csrf-exempt": "@csrf_exempt\ndef view(request):\n    pass\n",
    "all-fields": "class F(ModelForm):\n    class Meta:\n        fields = '__all__'\n",
    "request-redirect": "def v(request):\n    return redirect(request.GET['next'])\n",
    "request-response": "def v(request):\n    return HttpResponse(request.GET['q'])\n",
}


@pytest.mark.parametrize(("rule", "source"), sorted(BAD.items()))
def test_each_rule_finds_its_pattern(rule, source, tmp_path):
    path = tmp_path / "views.py"
    path.write_text(source)
    assert [f.rule for f in django_rules.scan([path])] == [rule]


def test_allowed_exception_needs_the_rule_and_a_reason(tmp_path):
    path = tmp_path / "views.py"
    path.write_text(
        "# django-rules: allow csrf-exempt (webhook signed by HMAC)\n" + BAD["csrf-exempt"]
    )
    assert django_rules.scan([path]) == []
    path.write_text("# django-rules: allow csrf-exempt\n" + BAD["csrf-exempt"])
    assert len(django_rules.scan([path])) == 1


def test_template_autoescape_off_is_found(tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "page.html").write_text("<p>{{ text|safe }}</p>\n")
    assert [f.rule for f in django_rules.scan([tmp_path])] == ["safe-filter"]


def test_the_code_base_has_no_finding():
    root = Path(__file__).resolve().parents[1]
    assert django_rules.scan([root / "hemicycle", root / "config"]) == []
