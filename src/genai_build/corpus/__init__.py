"""Corpus policy: normalise raw questions, cluster duplicates, assign topics, ids and curation."""
