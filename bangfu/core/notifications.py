"""Notifications: in-app (站内通知) and, where it matters, by e-mail.

E-mail goes through Django's mail backend (console by default, SMTP when configured: see
docs/OPERATIONS.md), after the transaction commits, to recipients with an address; a failing
mail server is logged and never undoes the in-app notification.
"""

from __future__ import annotations

from .models import Notification


def notify(
    *, users, kind: str, title: str, body: str = "", url: str = "", email: bool = False
) -> int:
    """One notification per user, in the caller's transaction; returns how many. With
    `email`, each recipient with an address also gets it by e-mail once the transaction
    commits (`emails_for` tells how many will)."""
    users = list(users)
    rows = [
        Notification(recipient=u, kind=kind, title=str(title)[:200], body=str(body), url=url)
        for u in users
    ]
    Notification.objects.bulk_create(rows)
    if email:
        addresses = emails_for(users)
        if addresses:
            from django.db import transaction

            transaction.on_commit(
                lambda: _send(addresses, str(title)[:200], str(body), url), robust=True
            )
    return len(rows)


def emails_for(users) -> list[str]:
    return sorted({u.email for u in users if getattr(u, "email", "")})


def _send(addresses: list[str], title: str, body: str, url: str) -> None:
    import logging

    from django.conf import settings
    from django.core.mail import EmailMessage

    link = f"{settings.SITE_URL.rstrip('/')}{url}" if url else ""
    text = "\n\n".join(part for part in (body, link) if part)
    for address in addresses:  # one message each: never reveal the other recipients
        try:
            EmailMessage(subject=f"[bangfu] {title}", body=text, to=[address]).send()
        except Exception:
            logging.getLogger("bangfu.mail").exception("mail to a recipient failed")


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
