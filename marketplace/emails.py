"""Transactional email: French HTML and text, rendered from templates/emails/, sent as a task."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task


def email_send(*, to: list[str], template: str, context: dict, language: str = "fr") -> None:
    """Queue one email built from emails/<template>_subject.txt, .txt and .html; context must be JSON-able."""
    email_deliver.enqueue(to=to, template=template, context=context, language=language)


@task()
def email_deliver(*, to: list[str], template: str, context: dict, language: str = "fr") -> None:
    context = {"site_url": settings.WAGTAILADMIN_BASE_URL, **context}
    with translation.override(language):
        subject = render_to_string(f"emails/{template}_subject.txt", context).strip()
        text = render_to_string(f"emails/{template}.txt", context)
        html = render_to_string(f"emails/{template}.html", context)
    message = EmailMultiAlternatives(subject=" ".join(subject.split()), body=text, to=to)
    message.attach_alternative(html, "text/html")
    message.send()
