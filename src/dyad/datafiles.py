"""Reading dyad's YAML data files (ontology, lexicon, actors, vocabularies).

libyaml's C parser when PyYAML has it (the knowledge base is tens of thousands of lines: the
pure-Python parser takes seconds), the pure-Python one otherwise. Both accept the same YAML
and raise the same `yaml.YAMLError`s.
"""

from __future__ import annotations

from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(text: str) -> Any:
    """The document in `text`, read as `yaml.safe_load` would."""
    return yaml.load(text, Loader=_LOADER)  # a safe loader, C or Python
