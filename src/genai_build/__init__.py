"""genai-build: interview-question dumps in, one deduplicated corpus and four editions out."""

__version__ = "0.1.0"
