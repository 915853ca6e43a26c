"""Build shim: compiles the top-level ``translations/`` into the wheel (see setup.cfg)."""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPyWithCatalogs(build_py):
    """Ship ``translations/<lang>/LC_MESSAGES/messages.mo`` inside ``porsche_web/translations``.

    The ``.po`` files are the source of truth and live at the top level of the repository;
    ``.mo`` files are never committed. A checkout (or editable install) reads ``translations/``
    directly, a wheel reads the compiled copy made here (``porsche_web.i18n`` looks in both).
    """

    def run(self):
        super().run()
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        source = Path(__file__).parent / "translations"
        target = Path(self.build_lib) / "porsche_web" / "translations"
        for po_path in sorted(source.glob("*/LC_MESSAGES/messages.po")):
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file, locale=po_path.parent.parent.name)
            mo_path = target / po_path.relative_to(source).with_suffix(".mo")
            mo_path.parent.mkdir(parents=True, exist_ok=True)
            with mo_path.open("wb") as mo_file:
                write_mo(mo_file, catalog)


setup(cmdclass={"build_py": BuildPyWithCatalogs})
