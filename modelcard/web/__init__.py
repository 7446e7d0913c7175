"""The browser side: ``modelcard edit`` and the local Hub's web pages.

Views over the same Card, checks and hub code the CLI uses; no logic of their
own. HTML is rendered on the server (Jinja2, autoescaped); a little vanilla JS
in ``static/`` makes the editor live. Card content is untrusted: it is
rendered by :mod:`modelcard.web.preview` and sanitised before it reaches a page.
"""
