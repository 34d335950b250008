import gc

# The collector stays off while the program's modules load and its window is built
# (desktop.app.main turns it back on): start-up's objects live as long as the program.
gc.disable()

from desktop.app import main  # noqa: E402

raise SystemExit(main())
