"""`python -m payments.devserver --port 8142`: the fake Stripe server (localstripe and the Connect shim).

Listens on 127.0.0.1 only, keeps everything in memory (localstripe's own pickle file under /tmp is turned
off, so two servers never share state), and optionally registers the marketplace's two webhook endpoints.
"""

import argparse
import logging


def build_app():
    from localstripe import resources, server

    from .shim import install

    # In memory only: localstripe would otherwise write and re-read one shared file on every change.
    resources.Store.dump_to_disk = lambda self: None
    resources.Store.try_load_from_disk = lambda self: None
    install(server.app)
    return server.app


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8142)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--webhook-url", default="", help="the marketplace's platform webhook endpoint")
    parser.add_argument("--webhook-secret", default="")
    parser.add_argument("--connect-webhook-url", default="", help="the marketplace's Connect webhook endpoint")
    parser.add_argument("--connect-webhook-secret", default="")
    args = parser.parse_args(argv)

    from aiohttp import web
    from localstripe.webhooks import register_webhook

    from .shim import state

    app = build_app()
    if args.webhook_url:
        register_webhook("marketplace", args.webhook_url, args.webhook_secret, None)
    if args.connect_webhook_url:
        state.connect_webhooks["marketplace"] = (args.connect_webhook_url, args.connect_webhook_secret)
    logging.basicConfig(level=logging.WARNING)
    web.run_app(app, host=args.host, port=args.port, print=lambda *a: print(*a, flush=True), access_log=None)


if __name__ == "__main__":
    main()
