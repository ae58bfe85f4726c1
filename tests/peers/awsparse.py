"""The AWS CLI's own argument processing, in process: argv in, the API parameters the CLI would
send out. A hook on botocore's `provide-client-params` event captures them and stops the call
before anything is sent, so thousands of command lines cost one interpreter."""

import contextlib
import io
import os


class _Stop(Exception):
    pass


class CliParser:
    def __init__(self):
        os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
        os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
        os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
        from awscli.clidriver import create_clidriver

        self.driver = create_clidriver()
        self.captured = None
        self.driver.session.register("provide-client-params", self._capture)
        # Creating a client per command dominates the cost; the same service, Region and
        # endpoint give an equivalent client, so reuse it.
        create = self.driver.session.create_client
        clients = {}

        def cached(service_name, *args, **kwargs):
            key = (service_name, kwargs.get("region_name"), kwargs.get("endpoint_url"))
            if key not in clients:
                clients[key] = create(service_name, *args, **kwargs)
            return clients[key]

        self.driver.session.create_client = cached
        # Every main() re-runs session initialisation, which registers one more paramfile handler
        # each time; keep the first, or parsing slows down with every command.
        from awscli.paramfile import URIArgumentHandler

        register = self.driver.session.register
        seen = set()

        def register_once(event_name, handler, *args, **kwargs):
            if isinstance(handler, URIArgumentHandler):
                if event_name in seen:
                    return None
                seen.add(event_name)
            return register(event_name, handler, *args, **kwargs)

        self.driver.session.register = register_once

    def _capture(self, params, **_):
        self.captured = params
        raise _Stop()

    def parse(self, argv):
        """(params, error text): params is None when the CLI refused the command line."""
        self.captured = None
        err = io.StringIO()
        out = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
            try:
                self.driver.main(list(argv))
            except SystemExit:
                pass
        return _plain(self.captured), err.getvalue().strip()


def _plain(value):
    """OrderedDicts to dicts, recursively, so comparisons are by content."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
