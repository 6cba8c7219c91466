"""`python -m sandbox run|demo`."""

import sys

from sandbox.main import main

sys.exit(main())
