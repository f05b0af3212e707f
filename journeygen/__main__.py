import sys

from journeygen.cli import main

sys.exit(main())
