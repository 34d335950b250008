"""Widgets: the main window, reading view, search panel, find bar and dialogs."""
