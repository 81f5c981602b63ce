"""Jinja environments for writers: one template folder per writer, strict about undefined names."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import jinja2

from genai_build.diagnostics import BuildError, error

LIBRARIES = ("jinja2",)  # what shapes a rendered template (for the writers' cache keys)


def asked_in_phrase(question) -> str:
    """'asked in 3 sources, 2 of them copies': how many dumps ask a question (anything with
    `asked_in` and `independent_sources`), naming the copies of one origin, so that copied lists
    do not pass for independent demand. Every edition prints this phrase (lower case; templates
    capitalise it where it starts a sentence)."""
    asked = question.asked_in
    independent = getattr(question, "independent_sources", None)
    phrase = f"asked in {asked} source{'s' if asked != 1 else ''}"
    copies = asked - independent if independent is not None else 0
    if copies > 0:
        phrase += f", {copies} of them {'a copy' if copies == 1 else 'copies'}"
    return phrase


def environment(template_dir: Path, *, html: bool, escape: Callable[[str], str] | None = None) -> jinja2.Environment:
    """`html`: every value is HTML-escaped (autoescape); `escape`: every text value output goes
    through this function instead (e.g. gfm.escape_text for a Markdown page)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(template_dir)),
        autoescape=html,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=(lambda value: escape(value) if isinstance(value, str) else value) if escape else None,
    )
    env.filters["asked_in"] = asked_in_phrase
    return env


def render_template(env: jinja2.Environment, name: str, **values) -> str:
    """Render a template; a template error becomes a diagnostic naming the template file and line."""
    try:
        return env.get_template(name).render(**values)
    except jinja2.TemplateSyntaxError as exc:
        raise BuildError([error("template.syntax", exc.message or str(exc), exc.filename or name, exc.lineno)]) from exc
    except jinja2.TemplateNotFound as exc:
        raise BuildError([error("template.missing", f"template not found: {exc.name}", str(Path(env.loader.searchpath[0]) / name))]) from exc  # type: ignore[union-attr]
    except jinja2.UndefinedError as exc:
        raise BuildError([error("template.undefined", str(exc), _template_path(env, name), _template_line(exc))]) from exc
    except BuildError:
        raise
    except Exception as exc:  # noqa: BLE001 - a template that fails as it runs (1/0, a bad filter argument …)
        path, line = _template_where(exc, _template_path(env, name))
        raise BuildError([error("template.runtime", f"the template failed: {type(exc).__name__}: {exc}", path, line)]) from exc


def _template_path(env: jinja2.Environment, name: str) -> str:
    return str(Path(env.loader.searchpath[0]) / name)  # type: ignore[union-attr]


def _template_line(exc: BaseException) -> int | None:
    return _template_where(exc, "")[1]


def _template_where(exc: BaseException, fallback: str) -> tuple[str, int | None]:
    """The template file and line where `exc` was raised (the innermost template frame: an included one counts)."""
    tb = exc.__traceback__
    path, line = fallback, None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith((".j2", ".html", ".md", ".css")):
            path, line = tb.tb_frame.f_code.co_filename, tb.tb_lineno
        tb = tb.tb_next
    return (path if fallback else fallback), line
