"""breachrank's exceptions (plain Python classes, raised by the C++ core)."""


class Error(RuntimeError):
    """A run-time failure of the library: an invalid option value, an unknown
    vendor id, a method that cannot score the model (exact beyond its limit, a
    divergent linear screen). The message is the CLI's."""

    __module__ = "breachrank"  # shown as breachrank.Error in tracebacks


class InputError(Error):
    """Invalid input (a model, rule pack or scenario). ``diagnostics`` holds
    every error found, as ``(file, line, column, message)`` tuples with
    1-based lines and columns (0: the file as a whole), the same as the CLI
    prints as ``FILE:LINE:COLUMN: error: MESSAGE``; ``str(e)`` is that text."""

    __module__ = "breachrank"

    def __init__(self, message, diagnostics=()):
        super().__init__(message)
        self.diagnostics = list(diagnostics)

    def __reduce__(self):
        return (type(self), (str(self), self.diagnostics))
