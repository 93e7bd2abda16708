"""Transactional email, the one way it is rendered: subject, text and HTML from templates/emails/, in a language.

`email_message` builds the message (callers may attach files to it before sending); `email_send`
queues a plain one as a task. Every email of the site, the orders' outbox included, goes through
`email_message`, so they all read the same way and in the language they are asked for.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task


def email_message(*, to: list[str], template: str, context: dict, language: str) -> EmailMultiAlternatives:
    """The email built from emails/<template>_subject.txt, .txt and .html, every word in `language`."""
    context = {"site_url": settings.WAGTAILADMIN_BASE_URL, **context}
    with translation.override(language):
        subject = render_to_string(f"emails/{template}_subject.txt", context).strip()
        text = render_to_string(f"emails/{template}.txt", context)
        html = render_to_string(f"emails/{template}.html", context)
    # A subject is one line, whatever the template's line breaks.
    message = EmailMultiAlternatives(subject=" ".join(subject.split()), body=text, to=to)
    message.attach_alternative(html, "text/html")
    return message


def email_send(*, to: list[str], template: str, context: dict, language: str = "fr") -> None:
    """Queue one email (email_message) to be sent by a task; context must be JSON-able."""
    email_deliver.enqueue(to=to, template=template, context=context, language=language)


@task()
def email_deliver(*, to: list[str], template: str, context: dict, language: str = "fr") -> None:
    email_message(to=to, template=template, context=context, language=language).send()
