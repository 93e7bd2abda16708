"""The kernel: what every other app may use, and which imports none of them.

Users and groups (`accounts`, app label "accounts"), the whole-page cache (`page_cache`), HTML rendered
once and cached (`cached_html`), the one email renderer (`emails`) and the development mail backend
(`mail`). Domain apps tell the kernel what concerns them (which models make public pages stale) from
their own AppConfig.ready; the kernel never names them.
"""
