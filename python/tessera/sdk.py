"""Where the C++ embedding SDK is: `python -m tessera.sdk --cmake-dir`.

A C++ program that embeds Tessera configures with
`-DTessera_DIR=$(python -m tessera.sdk --cmake-dir)`, calls
`find_package(Tessera)` and links `Tessera::Tessera`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from tessera import _tessera


def package_dir() -> Path:
    """The installed package's native files (bin/, lib/, include/) live here."""
    return Path(_tessera.__file__).resolve().parent


def cmake_dir() -> Path:
    return package_dir() / "lib" / "cmake" / "Tessera"


def include_dir() -> Path:
    return package_dir() / "include"


def library_dir() -> Path:
    return package_dir() / "lib"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--cmake-dir", action="store_true", help="print the CMake package dir")
    group.add_argument("--include-dir", action="store_true", help="print the header dir")
    group.add_argument("--library-dir", action="store_true", help="print the library dir")
    args = parser.parse_args()
    if args.cmake_dir:
        print(cmake_dir())
    elif args.include_dir:
        print(include_dir())
    else:
        print(library_dir())


if __name__ == "__main__":
    main()
