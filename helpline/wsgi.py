"""The WSGI entry point for gunicorn (see the Procfile): the app, or one line naming the bad setting."""

import gc
import sys

from . import create_app
from .config import ConfigError

try:
    app = create_app()
except ConfigError as error:
    # One line an operator can act on, not a traceback from inside gunicorn.
    sys.stderr.write(f"helpline: configuration: {error}\n")
    sys.exit(3)

# Everything built at start (catalogs, vocabularies, CLDR data) lives as long as the process: take it out of the
# garbage collector's sight, so that collections stay cheap and gunicorn's forked workers keep sharing its memory.
gc.freeze()
