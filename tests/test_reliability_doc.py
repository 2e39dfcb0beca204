"""docs/reliability.md is generated from the tests' case tables and must
be up to date (run ``.venv/bin/python scripts/reliability_table.py``)."""
import importlib.util
import os

from tests import bad_input_cases, package_fault_cases

SCRIPT = os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
    "scripts", "reliability_table.py",
)


def _script():
    spec = importlib.util.spec_from_file_location("reliability_table",
                                                  SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_reliability_doc_is_up_to_date():
    script = _script()
    with open(script.DOC_PATH, encoding="utf-8") as stream:
        assert stream.read() == script.render(), (
            "docs/reliability.md is out of date: run"
            " .venv/bin/python scripts/reliability_table.py"
        )


def test_every_case_is_in_the_doc():
    text = _script().render()
    for case in bad_input_cases.SETTINGS_CASES:
        assert f"| `{case.id}` |" in text
    for fault in bad_input_cases.FAULT_CASES:
        assert f"| `{fault.id}` |" in text
    for case in package_fault_cases.PACKAGE_CASES:
        assert f"| `{case.id}` |" in text
