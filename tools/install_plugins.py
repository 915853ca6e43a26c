"""Install every market plugin distribution under ``plugins/`` into the running interpreter.

Editable and without dependencies: the core is already installed (from the checkout by make,
from its wheel by tox). ``python tools/install_plugins.py``
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def plugin_dirs() -> list[Path]:
    return sorted(path.parent for path in ROOT.glob("plugins/*/setup.cfg"))


def main() -> int:
    command = [sys.executable, "-m", "pip", "install", "-q", "--no-deps"]
    for path in plugin_dirs():
        command += ["-e", str(path)]
    return subprocess.call(command)


if __name__ == "__main__":
    sys.exit(main())
