"""The Content-Security-Policy, strict on the public site and relaxed in the back offices.

Every page a shopper, a shopkeeper signing up or a business owner sees loads its scripts and styles
from our own static files only (`script-src 'self'`, `style-src 'self'`, no `'unsafe-inline'`). The
back offices are third-party templates full of inline scripts and styles: Oscar's dashboard and
Wagtail's admin (and Django's admin for superusers). Rather than fork them, the paths listed in
`CSP_RELAXED_PREFIXES` get `'unsafe-inline'` added for scripts and styles — the same thing django-csp's
`@csp_update` decorator does for one view, applied here to whole URL trees that we include but do not
write. Those pages are reached only by signed-in staff and shopkeepers.
"""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase

RELAXED = {"script-src": ["'unsafe-inline'"], "style-src": ["'unsafe-inline'"]}


class SiteCSPMiddleware(CSPMiddleware):
    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if parts.update is None and request.path_info.startswith(tuple(settings.CSP_RELAXED_PREFIXES)):
            parts.update = RELAXED
        return parts
