"""Django-specific static rules: an offline equivalent of semgrep's `python.django` rules.

Semgrep downloads its rules at each run and CI must not depend on the network, so the
rules that matter for this code base are written here, on Python's AST and on the
templates' text. Each finding names the file, the line and the rule; an accepted
exception carries `django-rules: allow <rule> (<why>)` in a comment on its line or on
the line above.

Rules (semgrep rule they stand for):
  mark-safe        mark_safe / SafeString / format_html on anything but a literal
                   (avoid-mark-safe, format-html-param)
  raw-sql          .raw(), .extra(), RawSQL(), cursor.execute() with a built string
                   (avoid-raw-sql, sql-injection-*)
  csrf-exempt      @csrf_exempt (no-csrf-exempt)
  all-fields       a ModelForm with fields = "__all__" or `exclude` (mass assignment)
  request-redirect redirect()/HttpResponseRedirect() of a request value without
                   url_has_allowed_host_and_scheme (open-redirect)
  request-response HttpResponse() of a request value (reflected XSS)
  safe-filter      `|safe`, `|safeseq` or `{% autoescape off %}` in a template
                   (template-autoescape-off, avoid-mark-safe in templates)
  debug-true       DEBUG = True at module level of a settings module (django-debug-true)

Usage: python tools/django_rules.py [PATH ...]   (default: hemicycle config)
Exit status 1 when a finding is not allowed.
"""

from __future__ import annotations

import ast
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ALLOW = re.compile(r"django-rules:\s*allow\s+([\w-]+)\s*\(.+\)")
SAFE_TEMPLATE = re.compile(r"\|\s*safe(seq)?\b|{%\s*autoescape\s+off\s*%}")
SAFE_CALLS = {"mark_safe", "SafeString", "format_html", "SafeText"}
RAW_ATTRS = {"raw", "extra"}
REDIRECTS = {"redirect", "HttpResponseRedirect", "HttpResponsePermanentRedirect"}


@dataclass(frozen=True)
class Finding:
    path: Path
    line: int
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: [{self.rule}] {self.message}"


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _is_literal(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _is_built_string(node: ast.AST) -> bool:
    """An f-string, a `%` or `+` on strings, or a `.format()` call: SQL built from values."""
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(v, ast.FormattedValue) for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod | ast.Add):
        return True
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
    )


def _mentions_request(node: ast.AST) -> bool:
    return any(
        isinstance(n, ast.Attribute)
        and isinstance(n.value, ast.Name)
        and n.value.id == "request"
        and n.attr in {"GET", "POST", "META", "COOKIES", "headers", "body"}
        for n in ast.walk(node)
    )


class _Visitor(ast.NodeVisitor):
    def __init__(self, path: Path, source: str) -> None:
        self.path = path
        self.findings: list[Finding] = []
        self.checks_host = "url_has_allowed_host_and_scheme" in source

    def _add(self, node: ast.AST, rule: str, message: str) -> None:
        self.findings.append(Finding(self.path, getattr(node, "lineno", 0), rule, message))

    def visit_Call(self, node: ast.Call) -> None:
        name = _name(node.func)
        if name in SAFE_CALLS and node.args and not _is_literal(node.args[0]):
            self._add(node, "mark-safe", f"{name}() of a non-literal: escape it instead")
        if isinstance(node.func, ast.Attribute) and node.func.attr in RAW_ATTRS:
            self._add(node, "raw-sql", f".{node.func.attr}(): use the ORM")
        if name == "RawSQL":
            self._add(node, "raw-sql", "RawSQL(): use the ORM")
        if (
            isinstance(node.func, ast.Attribute)
            and node.func.attr in {"execute", "executemany"}
            and node.args
            and _is_built_string(node.args[0])
        ):
            self._add(node, "raw-sql", "SQL built from values: pass parameters instead")
        target = node.args[0] if name in REDIRECTS and node.args else None
        # A module that validates hosts (url_has_allowed_host_and_scheme) is trusted.
        if target is not None and _mentions_request(target) and not self.checks_host:
            self._add(node, "request-redirect", "redirect to a request value (open redirect)")
        if name == "HttpResponse" and node.args and _mentions_request(node.args[0]):
            self._add(node, "request-response", "request value echoed in a response (XSS)")
        self.generic_visit(node)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        for decorator in node.decorator_list:
            if _name(decorator) == "csrf_exempt":
                self._add(decorator, "csrf-exempt", "CSRF protection switched off")
        self.generic_visit(node)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        for item in node.body:
            if isinstance(item, ast.ClassDef) and item.name == "Meta":
                for statement in item.body:
                    if not isinstance(statement, ast.Assign):
                        continue
                    targets = {_name(t) for t in statement.targets}
                    value = statement.value
                    if "fields" in targets and _is_literal(value) and value.value == "__all__":
                        self._add(statement, "all-fields", 'fields = "__all__": list them')
                    if "exclude" in targets and any(_name(b) == "ModelForm" for b in node.bases):
                        self._add(statement, "all-fields", "exclude: list the fields instead")
        self.generic_visit(node)

    def visit_Module(self, node: ast.Module) -> None:
        if self.path.name == "settings.py":
            for statement in node.body:
                if (
                    isinstance(statement, ast.Assign)
                    and any(_name(t) == "DEBUG" for t in statement.targets)
                    and isinstance(statement.value, ast.Constant)
                    and statement.value.value is True
                ):
                    self._add(statement, "debug-true", "DEBUG = True in settings")
        self.generic_visit(node)


def check_python(path: Path) -> list[Finding]:
    source = path.read_text(encoding="utf-8")
    visitor = _Visitor(path, source)
    visitor.visit(ast.parse(source, filename=str(path)))
    return visitor.findings


def check_template(path: Path) -> list[Finding]:
    findings = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if SAFE_TEMPLATE.search(line):
            findings.append(Finding(path, number, "safe-filter", "autoescaping bypassed"))
    return findings


def _allowed(finding: Finding) -> bool:
    try:
        lines = finding.path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return False
    nearby = lines[max(finding.line - 2, 0) : finding.line]
    return any(
        (match := ALLOW.search(line)) is not None and match.group(1) == finding.rule
        for line in nearby
    )


def scan(roots: list[Path]) -> list[Finding]:
    findings: list[Finding] = []
    for root in roots:
        files = [root] if root.is_file() else sorted(root.rglob("*"))
        for path in files:
            if any(part in {"tests", "migrations", "__pycache__"} for part in path.parts):
                continue
            if path.suffix == ".py":
                findings += check_python(path)
            elif path.suffix in {".html", ".txt", ".xml"} and "templates" in path.parts:
                findings += check_template(path)
    return [f for f in findings if not _allowed(f)]


def main(argv: list[str]) -> int:
    roots = [Path(a) for a in argv] or [Path("hemicycle"), Path("config")]
    findings = scan(roots)
    for finding in findings:
        print(finding)
    print(f"django-rules: {len(findings)} finding(s)")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
