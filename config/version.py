"""What the code running now is, as a digest (read by settings before Django is set up)."""

import hashlib
from pathlib import Path

CODE_SUFFIXES = {".py", ".html", ".txt", ".mo"}


def code_version(root: Path) -> str:
    """A digest of the project's Python modules, templates and compiled translations (every app, config,
    templates, locale): what a kept rendering was made with."""
    hasher = hashlib.blake2b(digest_size=8)
    folders = [
        p for p in sorted(root.iterdir()) if (p / "apps.py").exists() or p.name in {"config", "templates", "locale"}
    ]
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.suffix in CODE_SUFFIXES and "migrations" not in path.parts:
                hasher.update(str(path.relative_to(root)).encode())
                hasher.update(path.read_bytes())
    return hasher.hexdigest()
