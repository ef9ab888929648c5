from dhrdesk.cli import main

raise SystemExit(main())
