"""``policy-library packs install|list|remove``: library packs from the command line.

* ``install FILE [--data-dir DIR] [--trust PUBKEY]... [--system [DIR]]``: verify and
  install (or update) a pack for this user, or with ``--system`` for every user of the
  machine (default folder :func:`index.paths.system_packs_dir`); prints the documents
  added, changed and removed.  Exit 1 when refused (nothing is changed).
* ``list [--json] [--data-dir DIR]``: the packs installed for this user and the machine.
* ``remove ID [--data-dir DIR] [--system [DIR]]``.

Messages follow ``LANG`` (Chinese for ``zh_*``, else English).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from index import paths
from index.folder_lock import HolderInfo
from index.interrupts import exit_status, stopped_by_signals, stopped_message
from index.packs.errors import PackError, explain, user_language
from index.packs.install import LOCK_WAIT_SECONDS

if TYPE_CHECKING:
    from desktop.packs import PackService

__all__ = ["build_parser", "main"]

_TEXT = {
    "installed": (
        "installed {id} {version} ({title}), {documents} documents, for {scope}",
        "已安装 {id} {version}（{title}），共 {documents} 个文件，范围：{scope}",
    ),
    "updated": (
        "updated {id} from {old} to {version} ({title}), for {scope}",
        "已将 {id} 从 {old} 更新到 {version}（{title}），范围：{scope}",
    ),
    "added": ("  added: {doc}", "  新增：{doc}"),
    "changed": ("  changed: {doc}", "  修改：{doc}"),
    "removed_doc": ("  removed: {doc}", "  删除：{doc}"),
    "removed": ("removed {id} {version} ({title})", "已移除 {id} {version}（{title}）"),
    "none": ("no packs installed", "未安装文库包"),
    "refused": ("refused: {reason}", "已拒绝：{reason}"),
    "reanchored": ("note: {count} note(s) re-anchored", "提示：已重新定位 {count} 条笔记"),
    "waiting": (
        "waiting: another install or removal is running ({who}) …",
        "正在等待：另一个安装或删除正在进行（{who}）……",
    ),
    "user": ("this user", "当前用户"),
    "machine": ("this machine", "本机所有用户"),
}


def _say(key: str, **values: object) -> str:
    english, chinese = _TEXT[key]
    return (chinese if user_language() == "zh" else english).format(**values)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policy-library packs", description="Install, list and remove library packs."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    data_help = "user data folder (default: the per-user data folder)"
    system_help = (
        "for every user of the machine, in DIR "
        f"(default: {paths.system_packs_dir()}; needs administrator rights)"
    )

    install = sub.add_parser("install", help="verify and install or update a pack")
    install.add_argument("file", help="the pack file")
    install.add_argument("--data-dir", help=data_help)
    install.add_argument(
        "--trust",
        action="append",
        default=[],
        metavar="PUBKEYFILE",
        help="also trust this publisher key (KEYFILE.pub); may be repeated",
    )
    install.add_argument("--system", nargs="?", const="", metavar="DIR", help=system_help)
    wait_help = "seconds to wait while another install or removal runs (default 60)"
    install.add_argument("--wait", type=float, default=LOCK_WAIT_SECONDS, help=wait_help)

    listing = sub.add_parser("list", help="the installed packs")
    listing.add_argument("--json", action="store_true", help="one JSON object per line")
    listing.add_argument("--data-dir", help=data_help)

    remove = sub.add_parser("remove", help="remove an installed pack")
    remove.add_argument("id", help="the pack's id")
    remove.add_argument("--data-dir", help=data_help)
    remove.add_argument("--system", nargs="?", const="", metavar="DIR", help=system_help)
    remove.add_argument("--wait", type=float, default=LOCK_WAIT_SECONDS, help=wait_help)
    return parser


def _waiting(holder: HolderInfo | None) -> None:
    who = holder.describe(user_language()) if holder is not None else "?"
    print(_say("waiting", who=who), file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(
        level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "packs":
        args = args[1:]
    parsed = build_parser().parse_args(args)
    from desktop.packs import PackService

    data_dir = Path(parsed.data_dir) if parsed.data_dir else paths.user_data_location()
    system = getattr(parsed, "system", None)
    service = PackService(
        data_dir,
        machine=system is not None,
        system_dir=Path(system) if system else None,
        extra_trust=[Path(p) for p in getattr(parsed, "trust", [])],
        wait=max(0.0, getattr(parsed, "wait", LOCK_WAIT_SECONDS)),
        on_wait=_waiting,
    )
    try:
        with stopped_by_signals():  # kill, a closed terminal: cleaned up as for Ctrl+C
            return _run(service, parsed)
    except KeyboardInterrupt as stopped:
        print(stopped_message(user_language()), file=sys.stderr)
        return exit_status(stopped)


def _run(service: PackService, parsed: argparse.Namespace) -> int:
    try:
        if parsed.command == "list":
            return _list(service, parsed.json)
        if parsed.command == "remove":
            change = service.remove(parsed.id)
            assert change.removed is not None
            print(_say("removed", **change.removed.to_json()))
        else:
            change = service.install(Path(parsed.file))
            _print_install(change.report)
        if change.notes_reanchored:
            print(_say("reanchored", count=change.notes_reanchored), file=sys.stderr)
        return 0
    except PackError as exc:
        print(_say("refused", reason=explain(exc)), file=sys.stderr)
        return 1


def _list(service: object, as_json: bool) -> int:
    from desktop.packs import PackService

    assert isinstance(service, PackService)
    packs = service.installed()
    for info in packs:
        if as_json:
            print(json.dumps(info.to_json(), ensure_ascii=False))
        else:
            print(
                f"{info.id}\t{info.version}\t{info.title}\t{info.publisher}\t{info.date}\t"
                f"{info.documents}\t{_say(info.scope)}"
            )
    if not packs and not as_json:
        print(_say("none"))
    return 0


def _print_install(report: object) -> None:
    from index.packs.install import InstallReport

    assert isinstance(report, InstallReport)
    values = {**report.info.to_json(), "scope": _say(report.info.scope)}
    if report.previous is None:
        print(_say("installed", **values))
    else:
        print(_say("updated", old=report.previous.version, **values))
    titles = {doc_id: title for doc_id, title, _ in report.info.contents}
    old_titles = (
        {doc_id: title for doc_id, title, _ in report.previous.contents} if report.previous else {}
    )
    for key, ids in (
        ("added", report.changes.added),
        ("changed", report.changes.changed),
        ("removed_doc", report.changes.removed),
    ):
        for doc_id in ids:
            print(_say(key, doc=f"{doc_id} {titles.get(doc_id) or old_titles.get(doc_id, '')}"))


if __name__ == "__main__":
    sys.exit(main())
