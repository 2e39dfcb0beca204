"""STAND-IN for ``ayon_core.pipeline.anatomy.templates`` (cannot be
installed from the package index).

An anatomy template fills ``{root[...]}`` from the anatomy's roots when the
data do not carry them; its result knows its ``rootless`` form.
"""
from ayon_core.lib.path_templates import StringTemplate, TemplateResult


class AnatomyTemplateResult(TemplateResult):
    rootless = None

    def normalized(self):
        result = super().normalized()
        output = AnatomyTemplateResult(
            result, self.template, self.solved, self.used_values,
            self.missing_keys, self.invalid_types,
        )
        output.rootless = self.rootless
        return output


class _RootlessRoots(dict):
    """``{root[work]}`` fills back to itself: used for ``rootless``."""

    def __missing__(self, key):
        return "{root[" + key + "]}"


class AnatomyStringTemplate(StringTemplate):
    def __init__(self, anatomy, template):
        super().__init__(template)
        self._anatomy = anatomy

    def format(self, data):
        data = dict(data)
        data.setdefault("root", self._anatomy.roots)
        result = super().format(data)
        rootless_data = dict(data)
        rootless_data["root"] = _RootlessRoots()
        output = AnatomyTemplateResult(
            result, result.template, result.solved, result.used_values,
            result.missing_keys, result.invalid_types,
        )
        output.rootless = str(StringTemplate.format(self, rootless_data))
        return output

    def format_strict(self, data):
        result = self.format(data)
        result.validate()
        return result
