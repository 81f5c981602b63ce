"""Normalisation of raw questions: one spelling of whitespace and punctuation for wording and answers."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from genai_build.readers.base import RawQuestion

_SPACE = re.compile(r"\s+")


def clean_wording(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = _SPACE.sub(" ", text).strip()
    return text.rstrip("`").strip()


def normalise(raw: RawQuestion) -> RawQuestion:
    answer = raw.answer.strip() if raw.answer and raw.answer.strip() else None
    return replace(raw, question=clean_wording(raw.question), answer=answer)


def comparison_key(text: str) -> str:
    """Lower-case letters and digits only: what two wordings must share to be the same text."""
    text = unicodedata.normalize("NFKD", text.lower())
    return " ".join(re.findall(r"[a-z0-9]+", text))
