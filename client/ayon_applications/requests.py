"""Composing the rez request of one launch, keeping where each part came
from.

A launch requests, in this order: the application group's request, the
variant's, the tools valid for the application, the project's extra
requests, the running bundle's AYON request, and the studio's implicit
packages. Every part remembers its origin so an error can say
"``python-3.10`` came from tool ``redshift/3.5``".
"""
from dataclasses import dataclass, field
from typing import Iterable, List, Optional, Sequence, Tuple

# The grammar is shared with the server (``rules``): ``~maya-2025`` names
# ``maya``, ``3delight-2`` ``3delight``, ``foo.bar-1`` ``foo.bar``.
from .rules import request_package_name


@dataclass
class RequestPart:
    """One request string and where it came from.

    Attributes:
        request: The rez request, e.g. ``maya-2025``.
        origins: Human descriptions of its sources, first one first.
    """

    request: str
    origins: List[str] = field(default_factory=list)

    @property
    def origin(self) -> str:
        """All origins joined, for messages."""
        return ", ".join(self.origins)


@dataclass
class ComposedRequest:
    """The ordered, de-duplicated request of one launch."""

    parts: List[RequestPart] = field(default_factory=list)

    def add(self, requests: Iterable[str], origin: str) -> None:
        """Append requests from one source; repeats only note the origin."""
        for request in requests:
            request = str(request).strip()
            if not request:
                continue
            existing = self._find(request)
            if existing is None:
                self.parts.append(RequestPart(request, [origin]))
            elif origin not in existing.origins:
                existing.origins.append(origin)

    @property
    def requests(self) -> List[str]:
        """The request strings, in order."""
        return [part.request for part in self.parts]

    def __str__(self) -> str:
        return " ".join(self.requests)

    def origins_of_package(self, package_name: str) -> List[RequestPart]:
        """Parts that request ``package_name``, in order."""
        return [
            part for part in self.parts
            if request_package_name(part.request) == package_name
        ]

    def describe(self) -> str:
        """One line per request: the request and where it came from."""
        if not self.parts:
            return "  (empty request)"
        width = max(len(part.request) for part in self.parts)
        return "\n".join(
            f"  {part.request.ljust(width)}  from {part.origin}"
            for part in self.parts
        )

    def to_data(self) -> List[dict]:
        """JSON-ready list of ``{"request", "origins"}``."""
        return [
            {"request": part.request, "origins": list(part.origins)}
            for part in self.parts
        ]

    def _find(self, request: str) -> Optional[RequestPart]:
        for part in self.parts:
            if part.request == request:
                return part
        return None


def compose_request(
    group_request: Sequence[str],
    group_name: str,
    app_request: Sequence[str],
    app_full_name: str,
    tool_requests: Sequence[Tuple[str, Sequence[str]]] = (),
    project_requests: Sequence[str] = (),
    project_name: Optional[str] = None,
    ayon_requests: Sequence[str] = (),
    ayon_origin: str = "the AYON bundle",
    implicit_requests: Sequence[str] = (),
) -> ComposedRequest:
    """Compose the request of one launch.

    Args:
        group_request: Request of the application group.
        group_name: Name of the group, for origins.
        app_request: Request of the application variant.
        app_full_name: ``group/variant``, for origins.
        tool_requests: ``(tool full name, requests)`` of each valid tool.
        project_requests: The project's extra requests.
        project_name: Name of the project, for origins.
        ayon_requests: The running bundle's AYON request.
        ayon_origin: Description of the bundle, for origins.
        implicit_requests: The studio's implicit packages.
    """
    composed = ComposedRequest()
    composed.add(group_request, f"application group \"{group_name}\"")
    composed.add(app_request, f"application \"{app_full_name}\"")
    for tool_name, requests in tool_requests:
        composed.add(requests, f"tool \"{tool_name}\"")
    composed.add(
        project_requests,
        f"extra requests of project \"{project_name}\"",
    )
    composed.add(ayon_requests, ayon_origin)
    composed.add(implicit_requests, "rez implicit packages (studio)")
    return composed
