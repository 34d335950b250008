"""``python -m index pack keygen|build``: making publisher keys and signed packs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from index.packs.errors import PackError, explain

__all__ = ["add_pack_parser"]


def _cmd_keygen(args: argparse.Namespace) -> int:
    from index.packs.keys import KeyFileError, generate_key

    try:
        public = generate_key(Path(args.out), args.comment or "")
    except (KeyFileError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {args.out} (private, keep it safe) and {args.out}.pub")
    print(f"fingerprint {public.fingerprint}")
    return 0


def _cmd_build(args: argparse.Namespace) -> int:
    from index.packs.build import build_pack

    try:
        report = build_pack(
            Path(args.corpus),
            Path(args.out),
            pack_id=args.id,
            title=args.title,
            version=args.version,
            key_file=Path(args.key),
            publisher=args.publisher or "",
            date=args.date,
        )
    except PackError as exc:
        print(f"error: {explain(exc)}", file=sys.stderr)
        return 1
    meta = report.metadata
    print(
        f"built {report.out}: {meta['id']} {meta['version']}, {meta['documents']} documents, "
        f"{report.size} bytes, sha256 {report.sha256}"
    )
    return 0


def add_pack_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    pack = sub.add_parser("pack", help="make publisher keys and signed library packs")
    pack_sub = pack.add_subparsers(dest="pack_command", required=True)

    keygen = pack_sub.add_parser("keygen", help="write a new Ed25519 key pair")
    keygen.add_argument("--out", required=True, help="private key file (KEYFILE.pub beside it)")
    keygen.add_argument("--comment", help="a name for the public key")
    keygen.set_defaults(func=_cmd_keygen)

    build = pack_sub.add_parser("build", help="build and sign a pack from a corpus folder")
    build.add_argument("--corpus", required=True, help="folder of documents")
    build.add_argument("--id", required=True, help="pack id: a-z, 0-9, '.', '_', '-'")
    build.add_argument("--title", required=True)
    build.add_argument("--version", required=True)
    build.add_argument("--key", required=True, help="private key file (from keygen)")
    build.add_argument("--out", required=True, help="the pack file to write")
    build.add_argument("--publisher", help="publisher name (default: the key's fingerprint)")
    build.add_argument("--date", help="YYYY-MM-DD (default: today)")
    build.set_defaults(func=_cmd_build)
