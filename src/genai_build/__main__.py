from genai_build.cli import run

raise SystemExit(run())
