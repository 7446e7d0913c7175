from modelcard.cli.main import main

raise SystemExit(main())
