from genai_build.cli import main

raise SystemExit(main())
