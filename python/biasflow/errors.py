"""The one exception of the package."""


class BiasFlowError(Exception):
    """A refusal or failure of the biasflow command line.

    ``message`` is the CLI's own message (for data files it names file:line:column),
    ``exit_code`` its exit status (2: malformed command line, 1: refused input or failed
    computation; None when the CLI did not run), ``command`` the argument list, ``stderr`` the
    full error output and ``result`` whatever result the CLI printed before failing (e.g. a
    trajectory whose checkpoints fell short of the digits asked for), else None.
    """

    def __init__(self, message, exit_code=1, command=None, stderr="", result=None):
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code
        self.command = command
        self.stderr = stderr
        self.result = result

    def __str__(self):
        if self.exit_code is None:
            return self.message
        return f"{self.message} (biasflow exit code {self.exit_code})"
