"""Print the dependencies listed in pyproject.toml, one per line, for pip."""

import sys
import tomllib
from pathlib import Path

project = tomllib.loads((Path(__file__).resolve().parent.parent / "pyproject.toml").read_text())["project"]
lines = list(project["dependencies"])
if "--dev" in sys.argv:
    lines += project["optional-dependencies"]["dev"]
print("\n".join(lines))
