"""The report writer's entry for writers.WRITERS: the editors' duplicate report under build/reports/."""

from genai_build.writers.base import ReadBack, Writer
from genai_build.writers.report.readback import ids_in_report, merged_questions
from genai_build.writers.report.writer import HTML_REPORT, MD_REPORT, write
from genai_build.writers.templating import LIBRARIES as TEMPLATING

WRITER = Writer("report", "editors' duplicate report (build/reports/duplicates.html, .md)", write,
                (HTML_REPORT, MD_REPORT), read_back=ReadBack(HTML_REPORT, ids_in_report, merged_questions, ordered=False),
                libraries=TEMPLATING)

__all__ = ["WRITER"]
