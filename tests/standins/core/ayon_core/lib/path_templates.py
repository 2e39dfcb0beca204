"""STAND-IN for ``ayon_core.lib.path_templates`` (cannot be installed from
the package index).

Anatomy template syntax: ``{key}``, nested ``{project[name]}``, format specs
``{version:0>3}`` and optional parts ``<_{comment}>`` that disappear when a
key inside them is missing. Nested optional parts are not supported here.
"""
import os
import re
import string

_OPTIONAL = re.compile(r"(<[^<>]*>)")
_FORMATTER = string.Formatter()


class TemplateUnsolved(Exception):
    """Template has keys that could not be filled."""

    def __init__(self, template, missing_keys, invalid_types=None):
        self.template = template
        self.missing_keys = list(missing_keys)
        self.invalid_types = dict(invalid_types or {})
        super().__init__(
            "Template \"{}\" is unsolved. Missing keys: {}".format(
                template, ", ".join(self.missing_keys)
            )
        )


class TemplateResult(str):
    """Filled template: a ``str`` with details about the filling."""

    def __new__(
        cls, filled, template, solved, used_values=None, missing_keys=None,
        invalid_types=None,
    ):
        obj = super().__new__(cls, filled)
        obj.template = template
        obj.solved = solved
        obj.used_values = used_values or {}
        obj.missing_keys = list(missing_keys or [])
        obj.invalid_types = dict(invalid_types or {})
        return obj

    def validate(self):
        if not self.solved:
            raise TemplateUnsolved(
                self.template, self.missing_keys, self.invalid_types
            )

    def normalized(self):
        return TemplateResult(
            os.path.normpath(self), self.template, self.solved,
            self.used_values, self.missing_keys, self.invalid_types,
        )


def _fill_part(part, data):
    """Fill one piece of template; returns (text, used, missing)."""
    out = []
    used = {}
    missing = []
    for literal, field, spec, conversion in _FORMATTER.parse(part):
        out.append(literal)
        if field is None:
            continue
        try:
            value, _ = _FORMATTER.get_field(field, (), data)
        except (KeyError, IndexError, AttributeError, TypeError):
            missing.append(field)
            raw = "{" + field
            if conversion:
                raw += "!" + conversion
            if spec:
                raw += ":" + spec
            out.append(raw + "}")
            continue
        if conversion:
            value = _FORMATTER.convert_field(value, conversion)
        out.append(_FORMATTER.format_field(value, spec or ""))
        used[field] = value
    return "".join(out), used, missing


class StringTemplate:
    """String template with optional parts."""

    def __init__(self, template):
        self._template = str(template)

    def __str__(self):
        return self._template

    def __repr__(self):
        return f"<{self.__class__.__name__}> {self._template}"

    def __contains__(self, other):
        return other in self._template

    @property
    def template(self):
        return self._template

    def format(self, data):
        pieces = []
        used = {}
        missing = []
        for part in _OPTIONAL.split(self._template):
            if not part:
                continue
            optional = part.startswith("<") and part.endswith(">")
            text, part_used, part_missing = _fill_part(
                part[1:-1] if optional else part, data
            )
            if optional and part_missing:
                continue
            pieces.append(text)
            used.update(part_used)
            missing.extend(part_missing)
        return TemplateResult(
            "".join(pieces), self._template, not missing, used, missing
        )

    def format_strict(self, data):
        result = self.format(data)
        result.validate()
        return result

    @classmethod
    def format_template(cls, template, data):
        return cls(template).format(data)

    @classmethod
    def format_strict_template(cls, template, data):
        return cls(template).format_strict(data)
