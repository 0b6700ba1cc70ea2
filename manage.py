#!/usr/bin/env python
"""Same as the `bangfu` command, for tools that look for manage.py."""

from bangfu.cli import main

if __name__ == "__main__":
    main()
