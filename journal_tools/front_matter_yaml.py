"""Load front matter YAML safely with PyYAML, the way Obsidian reads it.

The loader follows YAML 1.2's core schema, as Obsidian does: ``NO`` and ``on`` stay text, ``012``
and ``10:00`` stay text, dates stay text (the field converters read them). Anchors and aliases,
custom tags, duplicate keys, deep nesting and huge numbers are rejected with the line they are on.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from journal_tools.errors import NoteError
from journal_tools.front_matter_fast import BOOL, FLOAT, INT, MAX_INT_DIGITS, NULL

MAX_DEPTH = 20
MAX_NODES = 5000

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _VaultLoader(_Base):  # type: ignore[misc]
    """A safe loader with YAML 1.2 core scalars, no aliases and no duplicate keys."""

    yaml_implicit_resolvers: dict[str | None, list[tuple[str, re.Pattern[str]]]] = {}

    def construct_mapping(self, node: Node, deep: bool = False) -> dict[Any, Any]:
        """Build a mapping, refusing duplicate and non-scalar keys."""
        if not isinstance(node, MappingNode):
            raise ConstructorError(None, None, "expected a mapping", node.start_mark)
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise ConstructorError(None, None, "a key must be plain text", key_node.start_mark)
            key = self.construct_object(key_node, deep=deep)
            if key in mapping:
                raise ConstructorError(None, None, f"duplicate key '{key}'", key_node.start_mark)
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping

    def construct_yaml_int(self, node: ScalarNode) -> int:
        """Build an int, refusing numbers too long to be a real value."""
        text = str(self.construct_scalar(node))
        if len(text.lstrip("+-")) > MAX_INT_DIGITS:
            raise ConstructorError(None, None, "number is too large", node.start_mark)
        return int(text)


_VaultLoader.add_implicit_resolver("tag:yaml.org,2002:bool", BOOL, list("tTfF"))
_VaultLoader.add_implicit_resolver("tag:yaml.org,2002:null", NULL, ["~", "n", "N", ""])
_VaultLoader.add_implicit_resolver("tag:yaml.org,2002:int", INT, list("-+0123456789"))
_VaultLoader.add_implicit_resolver("tag:yaml.org,2002:float", FLOAT, list("-+0123456789."))
_VaultLoader.add_constructor("tag:yaml.org,2002:int", _VaultLoader.construct_yaml_int)
_VaultLoader.add_constructor("tag:yaml.org,2002:timestamp", _VaultLoader.construct_yaml_str)
"""An explicit ``!!timestamp`` stays text too: the field converters read dates."""


def load_yaml(yaml_text: str) -> tuple[dict[str, Any], dict[str, int]]:
    """Load front matter with the YAML loader, whatever it holds; raises NoteError.

    :func:`journal_tools.front_matter.load` does so for all but the simplest front matter.
    """
    loader = _VaultLoader(yaml_text)
    try:
        node = loader.get_single_node()
        if node is None:
            return {}, {}
        if not isinstance(node, MappingNode):
            found = "a list" if isinstance(node, SequenceNode) else "a single value"
            raise NoteError(
                f"front matter must be 'key: value' lines, found {found}",
                node.start_mark.line + 2,
            )
        _check_shape(node)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        raise NoteError(_describe(exc), _line_of(exc)) from exc
    except yaml.YAMLError as exc:
        raise NoteError(f"invalid YAML front matter: {exc}", 1) from exc
    except (ValueError, RecursionError) as exc:
        raise NoteError(f"invalid YAML front matter: {exc}", 1) from exc
    finally:
        loader.dispose()
    lines = {str(key.value): key.start_mark.line + 2 for key, _ in node.value if isinstance(key, ScalarNode)}
    return {str(k): v for k, v in data.items()}, lines


def _check_shape(root: Node) -> None:
    """Refuse aliases, deep nesting and huge documents before anything is built."""
    seen: set[int] = set()
    stack: list[tuple[Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            raise ConstructorError(
                None, None, "anchors and aliases (& and *) are not supported", node.start_mark
            )
        seen.add(id(node))
        if len(seen) > MAX_NODES:
            raise ConstructorError(None, None, "front matter has too many values", node.start_mark)
        if depth > MAX_DEPTH:
            raise ConstructorError(
                None,
                None,
                f"front matter is nested deeper than {MAX_DEPTH} levels",
                node.start_mark,
            )
        if isinstance(node, SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                stack.append((key, depth + 1))
                stack.append((value, depth + 1))


_KNOWN = (
    ("mapping values are not allowed", "a value contains ': '; put quotes around it"),
    ("cannot start any token", "a tab or a stray character; indent with spaces and quote odd values"),
    ("found unexpected end of stream", "a quote or bracket is not closed"),
    ("did not find expected ','", "a bracket is not closed, or a comma is missing between its values"),
    ("could not determine a constructor", "custom tags such as !!python/object are not allowed"),
    (
        "a key must be plain text",
        "a key is not plain text; '{{...}}' looks like an unfilled template: quote it",
    ),
)
"""Messages of our own for the usual mistakes (libyaml and PyYAML word them differently)."""


def _describe(exc: yaml.MarkedYAMLError) -> str:
    """Say what is wrong with the YAML in one line."""
    text = f"{exc.problem or ''} {exc.context or ''}"
    for needle, message in _KNOWN:
        if needle in text:
            return f"invalid YAML front matter: {message}"
    return f"invalid YAML front matter: {exc.problem or exc.context or 'cannot be read'}"


_UNCLOSED = ("end of stream", "did not find expected ','")
"""Problems found where YAML gave up looking for a closing quote or bracket (often the last line)."""


def _line_of(exc: yaml.MarkedYAMLError) -> int:
    """Return the file line of a YAML error (the front matter starts on line 2)."""
    mark = exc.problem_mark or exc.context_mark
    unclosed = any(needle in (exc.problem or "") for needle in _UNCLOSED)
    if exc.context_mark is not None and unclosed:
        mark = exc.context_mark  # an unclosed quote or bracket: point at where it opens, not at the end
    return mark.line + 2 if mark is not None else 1
