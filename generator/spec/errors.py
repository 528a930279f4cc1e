"""Errors that point at a place in the spec: file, line and JSON pointer, plus the fix."""

from __future__ import annotations


class SpecError(Exception):
    """The spec cannot be turned into an SDK. The CLI prints it and exits with code 2."""

    def __init__(
        self,
        message: str,
        *,
        file: str,
        pointer: str = "",
        line: int | None = None,
        hint: str = "",
    ):
        super().__init__(message)
        self.message = message
        self.file = file
        self.pointer = pointer
        self.line = line
        self.hint = hint

    def __str__(self) -> str:
        place = self.file if self.line is None else f"{self.file}:{self.line}"
        text = f"{place}: {self.message}"
        if self.pointer:
            text += f"\n  at #{self.pointer}"
        if self.hint:
            text += f"\n  fix: {self.hint}"
        return text
