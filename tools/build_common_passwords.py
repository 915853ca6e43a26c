"""Build ``porsche_web/accounts/common_passwords_ranked.txt.gz``: the 30 000 most common
passwords, offline, shipped with the package.

The list comes from the pinned ``zxcvbn`` package (its "passwords" frequency list, ranked from
public password leaks), lowercased, in rank order. Run after upgrading zxcvbn:

    .venv/bin/python tools/build_common_passwords.py
"""

from __future__ import annotations

import gzip
from importlib.metadata import version
from pathlib import Path

from zxcvbn.frequency_lists import FREQUENCY_LISTS

TARGET = (
    Path(__file__).resolve().parent.parent
    / "porsche_web"
    / "accounts"
    / "common_passwords_ranked.txt.gz"
)

HEADER = f"""\
# The most common passwords in rank order, lowercased, one a line.
# From the "passwords" frequency list of zxcvbn {version("zxcvbn")} (https://pypi.org/project/zxcvbn/),
# MIT License, Copyright (c) 2016 Daniel Wolf; Copyright (c) 2012-2016 Dan Wheeler and Dropbox, Inc.
# Permission is hereby granted, free of charge, to any person obtaining a copy of this software
# and associated documentation files, to deal in the Software without restriction, subject to
# the condition that the above copyright notice and this permission notice are included in all
# copies or substantial portions of the Software. THE SOFTWARE IS PROVIDED "AS IS", WITHOUT
# WARRANTY OF ANY KIND.
# Regenerate with tools/build_common_passwords.py.
"""


def main() -> None:
    seen: set[str] = set()
    lines = []
    for password in FREQUENCY_LISTS["passwords"]:
        word = password.strip().lower()
        if word and word not in seen and not word.startswith("#"):
            seen.add(word)
            lines.append(word)
    body = HEADER + "\n".join(lines) + "\n"
    # mtime=0: the same input gives the same bytes (reproducible builds)
    TARGET.write_bytes(gzip.compress(body.encode("utf-8"), compresslevel=9, mtime=0))
    print(f"{len(lines)} passwords → {TARGET} ({TARGET.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
