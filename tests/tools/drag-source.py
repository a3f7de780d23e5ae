#!/usr/bin/python3
"""A drag source for the window tests, as a file manager offers a file.

Usage: drag-source.py FILE X Y

Shows a 200x200 window at (X, Y) titled "tracemark drag source"; dragging from
anywhere in it offers FILE as a text/uri-list, the way a file manager does, so the
app's own drop handling (XDND, then WebKitGTK's drop event) is what is tested. Runs
with Debian's python3-gi and GTK 3 (scripts/install-deps).
"""

import sys

import gi

gi.require_version("Gtk", "3.0")
gi.require_version("Gdk", "3.0")
from gi.repository import Gdk, Gio, Gtk  # noqa: E402


def main() -> None:
    path, x, y = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    uri = Gio.File.new_for_path(path).get_uri()
    window = Gtk.Window(title="tracemark drag source")
    window.set_default_size(200, 200)
    window.move(x, y)
    area = Gtk.EventBox()
    area.add(Gtk.Label(label="photo"))
    area.drag_source_set(Gdk.ModifierType.BUTTON1_MASK, [], Gdk.DragAction.COPY)
    area.drag_source_add_uri_targets()
    area.connect("drag-data-get", lambda _w, _c, data, _i, _t: data.set_uris([uri]))
    window.add(area)
    window.connect("destroy", Gtk.main_quit)
    window.show_all()
    Gtk.main()


if __name__ == "__main__":
    main()
