"""Public holidays of one country, importing that country's calendar only.

``holidays.country_holidays`` looks the country up as an attribute of the ``holidays``
package, whose lazy loader imports ``holidays.countries`` — and that package's
``__init__`` imports every one of its ~200 country modules (0.1-0.3 s per process, paid by
every bill run and worker process). ``country_holidays`` here finds the module of the code
in the package's own registry (``holidays.registry.COUNTRIES``) and loads that module file
alone (importlib's recipe for importing a source file directly), then calls its class the way
``holidays.country_holidays`` does: the same class, the same arguments, the same dates and
errors. A code the registry does not list as a country (a class name, a financial market,
anything unknown) goes to ``holidays.country_holidays`` itself.
"""

from __future__ import annotations

import importlib.util
import sys
import threading
from pathlib import Path

_LOCK = threading.Lock()
_MODULE_OF: dict[str, str] | None = None    # country code -> module name in holidays.countries


def _module_of(code: str) -> str | None:
    global _MODULE_OF
    if _MODULE_OF is None:
        from holidays.registry import COUNTRIES

        _MODULE_OF = {c: module for module, names in COUNTRIES.items() for c in names[1:]}
    return _MODULE_OF.get(code)


def _country_module(module: str):
    """``holidays.countries.<module>``, imported without the package's ``__init__`` unless
    that has been imported already (then the module is the package's own)."""
    name = f"holidays.countries.{module}"
    with _LOCK:
        mod = sys.modules.get(name)
        if mod is not None:
            return mod
        if "holidays.countries" in sys.modules:
            return importlib.import_module(name)
        import holidays

        path = Path(holidays.__file__).parent / "countries" / f"{module}.py"
        if not path.is_file():          # a frozen build: the modules are in its archive
            return importlib.import_module(name)
        spec = importlib.util.spec_from_file_location(name, path)
        if spec is None or spec.loader is None:
            return None
        mod = importlib.util.module_from_spec(spec)
        sys.modules[name] = mod
        try:
            spec.loader.exec_module(mod)
        except BaseException:
            del sys.modules[name]
            raise
        return mod


def country_holidays(country: str, subdiv: str | None = None, years=None):
    """``holidays.country_holidays(country, subdiv=subdiv, years=years)``."""
    module = _module_of(country) if isinstance(country, str) else None
    entity = getattr(_country_module(module), country, None) if module else None
    if entity is None:
        import holidays

        return holidays.country_holidays(country, subdiv=subdiv, years=years)
    # as holidays.utils.country_holidays calls it
    return entity(years=years, subdiv=subdiv, expand=True, observed=True, prov=None,
                  state=None, language=None, categories=None)
