"""The local web application: a check page, a lexicon page, a report page and a JSON API.

It needs the optional extra ``namecheck[web]`` (Starlette, uvicorn, Jinja2, python-multipart);
``create_app`` lives in ``namecheck.web.app`` so that importing this package never fails
without it. Everything a request sends is processed in memory and answered; nothing from a
request reaches the file system.
"""

INSTALL_HINT = "pip install 'namecheck[web]'"
# the modules the extra installs, by the name an ImportError reports for each
EXTRA_MODULES = frozenset({"starlette", "uvicorn", "jinja2", "python_multipart", "multipart", "anyio"})
