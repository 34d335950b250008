"""Entry script of the frozen application."""

from desktop.app import main

raise SystemExit(main())
