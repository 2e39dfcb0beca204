"""STAND-IN for ``ayon_core.lib.attribute_definitions`` (cannot be
installed from the package index): the attribute definitions forms are
built from; only the ones the Applications addon uses."""
import copy


class AbstractAttrDef:
    """One field of a form: a key, a default and a label."""

    type = None

    def __init__(
        self,
        key,
        default,
        label=None,
        tooltip=None,
        is_label_horizontal=None,
        visible=None,
        enabled=None,
        hidden=None,
        disabled=None,
    ):
        self.key = key
        self.default = default
        self.label = label
        self.tooltip = tooltip

    def convert_value(self, value):
        return value


class EnumDef(AbstractAttrDef):
    """One value (or several) of a list of items."""

    type = "enum"

    def __init__(
        self,
        key,
        items,
        default=None,
        multiselection=False,
        placeholder=None,
        **kwargs
    ):
        if not items and not multiselection:
            raise ValueError(
                f"Empty 'items' value. {self.__class__.__name__} must have"
                " defined values on initialization."
            )
        items = self.prepare_enum_items(items)
        values = [item["value"] for item in items]
        if multiselection:
            default = list(set(values).intersection(default or []))
        elif default not in values:
            default = next(iter(values), None)
        super().__init__(key, default=default, **kwargs)
        self.items = items
        self._item_values = set(values)
        self.multiselection = bool(multiselection)
        self.placeholder = placeholder

    def convert_value(self, value):
        if not self.multiselection:
            return value if value in self._item_values else self.default
        return [v for v in value or [] if v in self._item_values]

    @staticmethod
    def prepare_enum_items(items):
        """Items as a list of ``{"value": ..., "label": ...}``."""
        if isinstance(items, dict):
            return [{"label": label, "value": value}
                    for value, label in items.items()]
        output = []
        for item in items:
            if isinstance(item, dict):
                item = copy.deepcopy(item)
                if "value" not in item:
                    raise KeyError("Item does not contain 'value' key.")
                item.setdefault("label", str(item["value"]))
            elif isinstance(item, (list, tuple)):
                value, label = (item[0], str(item[0])) if len(item) == 1 \
                    else item
                item = {"value": value, "label": label}
            else:
                item = {"value": item, "label": str(item)}
            output.append(item)
        return output
