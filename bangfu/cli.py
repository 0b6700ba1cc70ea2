"""The `bangfu` command: what manage.py is in other projects (`bangfu COMMAND`)."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bangfu.settings")
    from django.core.exceptions import ImproperlyConfigured

    try:
        from django.core.management import execute_from_command_line

        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as exc:
        sys.stderr.write(f"bangfu: configuration error: {exc}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
