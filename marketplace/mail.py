"""Email through Celery: every message Django or Oscar sends goes out from a worker.

`CeleryEmailBackend` is Django's EMAIL_BACKEND. It turns each message into
plain JSON values and queues `email_send_task` once the current transaction
commits, so a slow or unreachable mail server never slows a page, and a
rolled-back order never mails its customer. The worker delivers through the
backend named by MARKETPLACE_EMAIL_DELIVERY_BACKEND (SMTP in production).
Messages are rendered before they are queued, in the language of the request
that produced them.
"""

import base64
import smtplib
from collections.abc import Sequence
from typing import Any

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction


def message_to_payload(message: EmailMessage) -> dict[str, Any]:
    """Return the message as JSON-safe values."""
    attachments = []
    for attachment in message.attachments:
        filename, content, mimetype = attachment
        if isinstance(content, str):
            content = content.encode()
        attachments.append([filename, base64.b64encode(content).decode(), mimetype])
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": [
            [str(content), mimetype]
            for content, mimetype in getattr(message, "alternatives", [])
        ],
        "attachments": attachments,
    }


def payload_to_message(payload: dict[str, Any]) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=payload["subject"],
        body=payload["body"],
        from_email=payload["from_email"],
        to=payload["to"],
        cc=payload["cc"],
        bcc=payload["bcc"],
        reply_to=payload["reply_to"],
        headers=payload["headers"],
    )
    for content, mimetype in payload["alternatives"]:
        message.attach_alternative(content, mimetype)
    for filename, content, mimetype in payload["attachments"]:
        message.attach(filename, base64.b64decode(content), mimetype)
    return message


class CeleryEmailBackend(BaseEmailBackend):
    """Queue messages for `email_send_task` after the transaction commits."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        for message in email_messages:
            payload = message_to_payload(message)
            transaction.on_commit(
                lambda payload=payload: email_send_task.delay(payload=payload)
            )
        return len(email_messages)


@shared_task(
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=True,
    max_retries=5,
)
def email_send_task(*, payload: dict[str, Any]) -> None:
    """Deliver one queued message through the real mail backend."""
    connection = get_connection(settings.MARKETPLACE_EMAIL_DELIVERY_BACKEND)
    connection.send_messages([payload_to_message(payload)])
